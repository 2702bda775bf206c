import Foundation
import SesameBuiltIns
import SesameCore

/// Provider and key store types a registry names that Sesame does not ship.
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

    /// Finds the external types in `root`, given the built-in `plugins`.
    init(in root: JSONValue, plugins: PluginSet) {
        providers = Self.uses(in: root, section: "providers", known: plugins.providers.keys)
        keyStores = Self.uses(in: root, section: "keyStores", known: plugins.keyStores.keys)
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
        return plugins
    }

    /// The warning for each use.
    var warnings: [(path: ConfigPath, message: String)] {
        providers.map { ($0.path, "provider type \"\($0.type)\" is not built into Sesame; its settings are checked when your code registers its factory") }
            + keyStores.map { ($0.path, "key store type \"\($0.type)\" is not built into Sesame; its settings are checked when your code registers its factory") }
    }

    private static func uses(in root: JSONValue, section: String, known: some Collection<String>) -> [Use] {
        guard case .object(let top) = root, case .object(let entries)? = top[section] else { return [] }
        return entries.keys.sorted().compactMap { name in
            guard case .object(let fields)? = entries[name], case .string(let type)? = fields["type"],
                  !known.contains(type), Suggestion.closest(to: type, in: known) == nil else { return nil }
            return Use(type: type, path: ConfigPath.root.appending(section).appending(name).appending("type"))
        }
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
