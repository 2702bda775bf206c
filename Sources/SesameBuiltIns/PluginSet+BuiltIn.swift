import SesameCore
import SesameCoze
import SesameKeyStores
import SesameOAuth2
import SesameVault

extension PluginSet {
    /// Every provider and key store this package ships: `coze-jwt`, `oauth2-client-credentials`;
    /// `pem-file`, `env`, `dotenv`, `sodium-vault`.
    ///
    /// Lives apart from the `Sesame` module so that the ValidateProviders build tool can use it
    /// without building the HTTP client stack a second time for the host.
    public static var builtIn: PluginSet {
        var plugins = PluginSet()
        plugins.registerCoze()
        plugins.registerOAuth2()
        plugins.registerKeyStores()
        plugins.registerVault()
        return plugins
    }
}
