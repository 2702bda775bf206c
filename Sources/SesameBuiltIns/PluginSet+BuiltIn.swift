import SesameCore
import SesameCoze
import SesameFileTokenCache
import SesameKeyStores
import SesameOAuth2
import SesameVault

extension PluginSet {
    /// Every provider, key store and token cache this package ships: `coze-jwt`,
    /// `oauth2-client-credentials`; `pem-file`, `env`, `dotenv`, `sodium-vault`; the `file` token cache.
    ///
    /// Lives apart from the `Sesame` module so that the ValidateProviders build tool can use it
    /// without building the HTTP client stack a second time for the host.
    public static var builtIn: PluginSet {
        var plugins = PluginSet()
        plugins.registerCoze()
        plugins.registerOAuth2()
        plugins.registerKeyStores()
        plugins.registerVault()
        plugins.registerFileTokenCache()
        return plugins
    }
}
