import Foundation
import SesameCore
import SesameTestSupport
import Testing

@Suite("Registry: the tokenCache object and configuration fingerprints")
struct RegistryTokenCacheTests {
    static func json(tokenCache: String? = nil, alpha: String = #""appId": "1""#) -> String {
        """
        {"version": 1,
         "keyStores": {"mem": {"type": "memory", "prefix": "p-"}},
         \(tokenCache.map { "\"tokenCache\": \($0)," } ?? "")
         "providers": {"alpha": {"type": "static", \(alpha)}, "gamma": {"type": "echo"}}}
        """
    }

    static func issues(_ json: String) -> [String] {
        do {
            _ = try TestPlugins.decode(json)
            return []
        } catch let error as RegistryError {
            return error.issues.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("no tokenCache: none is built")
    func absent() throws {
        #expect(try TestPlugins.decode(Self.json()).tokenCache == nil)
    }

    @Test("a tokenCache is built by the factory of its type, with a description for providers list")
    func built() throws {
        let registry = try TestPlugins.decode(Self.json(tokenCache: #"{"type": "memory", "label": "shared", "encryptionKey": {"store": "mem", "name": "k"}}"#))
        let cache = try #require(registry.tokenCache)
        #expect(cache.type == "memory")
        #expect(cache.store is MemoryTokenStore)
        #expect(cache.description == "memory: shared")
    }

    @Test("tokenCache problems are reported with their paths, with every other problem", arguments: [
        (#"{"type": "memroy"}"#, [#"tokenCache.type: unknown token cache type "memroy"; did you mean "memory"? (registered: "memory")"#]),
        (#"{"type": "memory", "lable": "x"}"#, [#"tokenCache.lable: unknown key; did you mean "label"?"#]),
        (#"{"label": "x"}"#, ["tokenCache.type: missing; expected a string"]),
        (#""file""#, ["tokenCache: expected an object, got a string"]),
        (#"{"type": "memory", "label": 3}"#, ["tokenCache.label: expected a string, got a number"]),
        (#"{"type": "memory", "encryptionKey": {"store": "mam", "name": "k"}}"#,
         [#"tokenCache.encryptionKey.store: unknown key store "mam"; did you mean "mem"? (declared: mem)"#]),
    ])
    func problems(tokenCache: String, expected: [String]) {
        #expect(Self.issues(Self.json(tokenCache: tokenCache)) == expected)
    }

    @Test("fingerprint: the same settings in another order or layout give the same fingerprint")
    func fingerprintIgnoresLayout() throws {
        let one = try TestPlugins.decode(Self.json(alpha: #""appId": "1", "label": "A", "options": {"retries": 3, "verbose": true}, "key": {"store": "mem", "name": "a"}"#))
        let two = try TestPlugins.decode("""
        {"providers": {"gamma": {"type": "echo"},
            "alpha": {
               "key": {"name": "a", "store": "mem"},
               "options": {"verbose": true,   "retries": 3},
               "label": "A",
               "appId": "1", "type": "static"}},
         "keyStores": {"mem": {"prefix": "p-", "type": "memory"}},
         "version": 1}
        """)
        let alpha = try one.provider(named: "alpha").configurationFingerprint
        #expect(alpha == (try two.provider(named: "alpha").configurationFingerprint))
        #expect(alpha.count == 64)
        #expect(alpha.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test("fingerprint: any setting read changes it, nested ones and the referenced key store's included", arguments: [
        #""appId": "2""#,
        #""appId": "1", "label": "B""#,
        #""appId": "1", "lifetime": 600"#,
        #""appId": "1", "baseURL": "https://other.example.com""#,
        #""appId": "1", "scopes": ["chat"]"#,
        #""appId": "1", "options": {"retries": 4}"#,
        #""appId": "1", "key": {"store": "mem", "name": "b"}"#,
    ])
    func fingerprintChanges(alpha: String) throws {
        let base = try TestPlugins.decode(Self.json(alpha: #""appId": "1", "label": "A", "options": {"retries": 3}, "key": {"store": "mem", "name": "a"}"#))
        let changed = try TestPlugins.decode(Self.json(alpha: alpha))
        #expect(try base.provider(named: "alpha").configurationFingerprint != changed.provider(named: "alpha").configurationFingerprint)
    }

    @Test("fingerprint: the key store a provider refers to is part of it; other providers' settings are not")
    func fingerprintScope() throws {
        let alpha = #""appId": "1", "key": {"store": "mem", "name": "a"}"#
        let base = try TestPlugins.decode(Self.json(alpha: alpha))
        let otherPrefix = try TestPlugins.decode(Self.json(alpha: alpha).replacingOccurrences(of: #""prefix": "p-""#, with: #""prefix": "q-""#))
        let otherGamma = try TestPlugins.decode(Self.json(alpha: alpha).replacingOccurrences(of: #""gamma": {"type": "echo"}"#, with: #""gamma": {"type": "static", "appId": "9"}"#))
        #expect(try base.provider(named: "alpha").configurationFingerprint != otherPrefix.provider(named: "alpha").configurationFingerprint)
        #expect(try base.provider(named: "alpha").configurationFingerprint == otherGamma.provider(named: "alpha").configurationFingerprint)
        #expect(try base.provider(named: "gamma").configurationFingerprint != otherGamma.provider(named: "gamma").configurationFingerprint)
    }

    @Test("TokenBroker puts the shared cache under every TokenCache: two brokers (two processes) make one exchange")
    func brokerShares() async throws {
        let exchanges = ExchangeCounter()
        let registry = try TestPlugins.decode(Self.json(tokenCache: #"{"type": "memory"}"#), plugins: TestPlugins.set(counting: exchanges))
        let first = TokenBroker(registry: registry)
        let second = TokenBroker(registry: registry)
        let one = try await first.token(for: "alpha")
        let two = try await second.token(for: "alpha")
        #expect(one == two)
        #expect(exchanges.count(for: "alpha") == 1)
        _ = try await second.token(for: "gamma")
        _ = try await first.token(for: "gamma")
        #expect(exchanges.count(for: "gamma") == 1)
        let store = try #require(registry.tokenCache?.store as? MemoryTokenStore)
        #expect(store.entryCount == 2)
    }

    @Test("TokenBroker.invalidate: the refused token is not read back from the shared cache; a new one is minted and shared")
    func brokerInvalidate() async throws {
        let exchanges = ExchangeCounter()
        let registry = try TestPlugins.decode(Self.json(tokenCache: #"{"type": "memory"}"#), plugins: TestPlugins.set(counting: exchanges))
        let first = TokenBroker(registry: registry)
        let refused = try await first.token(for: "alpha")
        #expect(try await first.invalidate("alpha", rejected: refused))
        let renewed = try await first.token(for: "alpha")
        #expect(renewed != refused)
        #expect(exchanges.count(for: "alpha") == 2)
        let second = TokenBroker(registry: registry)
        #expect(try await second.token(for: "alpha") == renewed)
        #expect(exchanges.count(for: "alpha") == 2)
    }

    @Test("Registry.sharedProvider: behind the shared cache when there is one, else the provider itself")
    func sharedProvider() async throws {
        let exchanges = ExchangeCounter()
        let shared = try TestPlugins.decode(Self.json(tokenCache: #"{"type": "memory"}"#), plugins: TestPlugins.set(counting: exchanges))
        #expect(try shared.sharedProvider(named: "alpha") is SharedTokenProvider)
        _ = try await shared.sharedProvider(named: "alpha").fetchToken(TokenRequest())
        _ = try await shared.sharedProvider(named: "alpha").fetchToken(TokenRequest())
        #expect(exchanges.count(for: "alpha") == 1)
        let plain = try TestPlugins.decode(Self.json())
        #expect(try plain.sharedProvider(named: "alpha") is StaticProvider)
        #expect(throws: RegistryError.self) { try plain.sharedProvider(named: "alhpa") }
    }
}
