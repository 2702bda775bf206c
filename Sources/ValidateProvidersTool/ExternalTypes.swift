import Foundation
import SesameBuiltIns
import SesameCore

/// Provider, key store and token cache types a registry names that Sesame does not ship.
///
/// At build time the tool cannot see the factories a target registers in code, so such a type is
/// accepted with a warning and its section left unchecked, unless it is one edit away from a
/// built-in type: then it is a typo and the registry reports it with a "did you mean".
struct ExternalTypes {
    /// A type name and where it is used.
    struct Use {
        let type: String
        let path: ConfigPath
    }

    let providers: [Use]
    let keyStores: [Use]
    /// The top-level `tokenCache`'s type, when external (there is one cache, not a map of them).
    let tokenCache: Use?

    /// Finds the external types in `root`, given the built-in `plugins`.
    init(in root: JSONValue, plugins: PluginSet) {
        providers = Self.uses(in: root, section: "providers", known: plugins.providers.keys)
        keyStores = Self.uses(in: root, section: "keyStores", known: plugins.keyStores.keys)
        if case .object(let top) = root, let entry = top["tokenCache"] {
            tokenCache = Self.use(of: entry, at: ConfigPath.root.appending("tokenCache"), known: plugins.tokenStores.keys)
        } else {
            tokenCache = nil
        }
    }

    /// `plugins` with an unchecked factory for every external type.
    func registering(into plugins: PluginSet) -> PluginSet {
        var plugins = plugins
        for type in Set(providers.map(\.type)) {
            plugins.register(ProviderFactory(type: type, summary: "registered by the target's code") { section, name in
                section.keys.forEach { section.allow($0) }
                return UncheckedProvider(name: name)
            })
        }
        for type in Set(keyStores.map(\.type)) {
            plugins.register(KeyStoreFactory(type: type, summary: "registered by the target's code") { section, _ in
                section.keys.forEach { section.allow($0) }
                return UncheckedKeyStore()
            })
        }
        if let tokenCache {
            plugins.register(SharedTokenStoreFactory(type: tokenCache.type, summary: "registered by the target's code") { section in
                section.keys.forEach { section.allow($0) }
                return UncheckedTokenStore()
            })
        }
        return plugins
    }

    /// The warning for each use.
    var warnings: [(path: ConfigPath, message: String)] {
        providers.map { ($0.path, "provider type \"\($0.type)\" is not built into Sesame; its settings are checked when your code registers its factory") }
            + keyStores.map { ($0.path, "key store type \"\($0.type)\" is not built into Sesame; its settings are checked when your code registers its factory") }
            + [tokenCache].compactMap { $0 }.map { ($0.path, "token cache type \"\($0.type)\" is not built into Sesame; its settings are checked when your code registers its factory") }
    }

    private static func uses(in root: JSONValue, section: String, known: some Collection<String>) -> [Use] {
        guard case .object(let top) = root, case .object(let entries)? = top[section] else { return [] }
        return entries.keys.sorted().compactMap { name in
            entries[name].flatMap { use(of: $0, at: ConfigPath.root.appending(section).appending(name), known: known) }
        }
    }

    /// The type of the object `entry` at `path` when it is neither `known` nor one edit away from a known one.
    private static func use(of entry: JSONValue, at path: ConfigPath, known: some Collection<String>) -> Use? {
        guard case .object(let fields) = entry, case .string(let type)? = fields["type"],
              !known.contains(type), Suggestion.closest(to: type, in: known) == nil else { return nil }
        return Use(type: type, path: path.appending("type"))
    }
}

/// Stands in for a provider the target registers in code; never asked for a token at build time.
private struct UncheckedProvider: AuthProvider {
    let name: String

    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        throw RegistryError(.invalid, source: name, message: "\(name) is checked at build time only")
    }
}

/// Stands in for a key store the target registers in code.
private struct UncheckedKeyStore: KeyStore {
    func secret(named name: String) async throws -> SecretBytes {
        throw KeyStoreError(.notFound, "the build-time check reads no keys")
    }
}
