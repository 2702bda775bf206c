import Foundation
import SesameCore
import SesameTestSupport
import Synchronization

/// Settings a ``StaticProvider`` read from its section, through every kind of ``ConfigSection`` accessor.
struct StaticSettings: Sendable, Equatable {
    var appID: String?
    var label: String?
    var lifetime: Int?
    var mode: String?
    var scopes: [String]?
    var retries: Int?
    var verbose: Bool?
    var certificate: String?
    var baseURL: String?
}

/// A provider defined only for tests (type `"static"`): mints `NAME:SESSION:N` tokens and counts them.
struct StaticProvider: AuthProvider {
    let name: String
    let settings: StaticSettings
    let key: KeyReference?
    let exchanges: ExchangeCounter

    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        let number = exchanges.next(for: name)
        let now = Date()
        return AccessToken(value: "\(name):\(request.sessionName ?? "-"):\(number)", expiresAt: now + 900, issuedAt: now)
    }
}

/// Exchanges per provider name, shared by the providers a test's plugin set builds.
final class ExchangeCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func next(for name: String) -> Int {
        counts.withLock { counts in
            counts[name, default: 0] += 1
            return counts[name]!
        }
    }

    func count(for name: String) -> Int {
        counts.withLock { $0[name, default: 0] }
    }
}

/// A key store defined only for tests (type `"memory"`): every name holds `secret-of-NAME`.
struct MemoryStore: KeyStore {
    let name: String
    let path: String?
    let prefix: String?

    func secret(named entry: String) async throws -> SecretBytes {
        SecretBytes(utf8: "secret-of-\(entry)")
    }
}

enum TestPlugins {
    static let home = "/home/tester"
    static let directory = "/etc/sesame"

    static var context: RegistryContext {
        RegistryContext(transport: NoNetworkTransport(), environment: { _ in nil }, homeDirectory: home)
    }

    /// `static` and `echo` providers, a `memory` store, and a plugin token shape refused inline.
    static func set(counting exchanges: ExchangeCounter = ExchangeCounter()) -> PluginSet {
        var plugins = PluginSet()
        plugins.register(ProviderFactory(type: "static", summary: "test provider") { section, name in
            let options = section.section("options")
            let settings = StaticSettings(
                appID: section.identifier("appId", required: true),
                label: section.string("label"),
                lifetime: section.integer("lifetime", in: 1...86399),
                mode: section.choice("mode", from: ["fast", "slow"]),
                scopes: section.strings("scopes"),
                retries: options?.integer("retries", in: 0...10),
                verbose: options?.bool("verbose"),
                certificate: section.filePath("certificate"),
                baseURL: section.url("baseURL")
            )
            let key = section.keyReference("key")
            guard settings.appID != nil else { return nil }
            return StaticProvider(name: name, settings: settings, key: key, exchanges: exchanges)
        })
        plugins.register(ProviderFactory(type: "echo", summary: "another test provider") { _, name in
            StaticProvider(name: name, settings: StaticSettings(), key: nil, exchanges: exchanges)
        })
        plugins.register(KeyStoreFactory(type: "memory", summary: "test store") { section, name in
            MemoryStore(name: name, path: section.filePath("path"), prefix: section.string("prefix"))
        })
        plugins.register(SharedTokenStoreFactory(type: "memory", summary: "test token cache") { section in
            let label = section.string("label")
            _ = section.keyReference("encryptionKey")
            return MemoryTokenStore(label: label ?? "in memory")
        })
        // A plugin's own token shapes; SesameCoze registers these prefixes for Coze (CozeRegistryTests).
        plugins.register(InlineSecretPattern.prefixed(["czs_", "pat_", "sat_"], minimumLength: 24, kind: "a plugin's access token"))
        return plugins
    }

    /// Builds a registry from `json` as if it were `/etc/sesame/providers.json`.
    static func decode(_ json: String, plugins: PluginSet = set()) throws -> Registry {
        try Registry.decode(Data(json.utf8), source: "providers.json", directory: directory, plugins: plugins, context: context)
    }
}
