import SesameCore
import SesameCoze
import SesameKeyStores
import SesameVault

extension PluginSet {
    /// Every provider and key store this package ships: `coze-jwt`; `pem-file`, `env`, `dotenv`,
    /// `sodium-vault`.
    public static var builtIn: PluginSet {
        var plugins = PluginSet()
        plugins.registerCoze()
        plugins.registerKeyStores()
        plugins.registerVault()
        return plugins
    }
}

extension Registry {
    /// Reads and builds the registry at `path` with the built-in plugins.
    public static func load(file path: String, context: RegistryContext = RegistryContext()) throws -> Registry {
        try load(file: path, plugins: .builtIn, context: context)
    }
}
