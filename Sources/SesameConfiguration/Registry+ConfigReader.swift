import Configuration
import Foundation
import Sesame

extension Registry {
    /// Builds a registry from the keys under `keyPrefix` of `config`: the same `keyStores` and
    /// `providers` objects as in `providers.json`, from JSON, YAML, environment variables or any
    /// provider the app already reads its settings from.
    ///
    /// ```swift
    /// let config = ConfigReader(providers: [EnvironmentVariablesProvider(), try await FileProvider<JSONSnapshot>(filePath: "app.json")])
    /// let registry = try Registry.load(from: config, providers: ["coze"])
    /// ```
    /// reads `sesame.providers.coze.type`, `sesame.providers.coze.appId`, ... (`SESAME_PROVIDERS_COZE_APP_ID`
    /// in the environment, as swift-configuration spells camel case), and each key store a provider refers to at `sesame.keyStores.NAME`.
    ///
    /// Checks and messages are those of a file, with JSON-style paths under the prefix
    /// (`sesame.providers.coze.region: unknown value "cm"; did you mean "cn"?`): types, required keys,
    /// ranges, references, IDs written as numbers, secrets pasted inline. A `ConfigReader` cannot list
    /// its keys, so the providers to build are named here, and unknown (misspelt) keys cannot be
    /// reported.
    ///
    /// - Parameters:
    ///   - keyPrefix: where the registry is, e.g. `sesame` (its `version`, optional, must be 1).
    ///   - providers: the names of the providers to build, at least one.
    ///   - keyStores: stores to build besides those the providers refer to.
    ///   - directory: the folder relative paths (key files, `.env`, vaults) resolve against.
    /// - Throws: ``RegistryError`` with every problem at once.
    public static func load(
        from config: ConfigReader,
        keyPrefix: ConfigKey = "sesame",
        providers: [String],
        keyStores: [String] = [],
        directory: String = FileManager.default.currentDirectoryPath,
        plugins: PluginSet = .builtIn,
        context: RegistryContext = RegistryContext()
    ) throws -> Registry {
        var path = ConfigPath.root
        for component in keyPrefix.components { path = path.appending(component) }
        let lookup = ConfigReaderLookup(reader: config, components: keyPrefix.components, childNames: ["providers": providers, "keyStores": keyStores])
        let source = "configuration (\(keyPrefix.components.joined(separator: ".")))"
        return try build(lookup: lookup, at: path, source: source, directory: directory, plugins: plugins, context: context)
    }
}
