import Foundation
import SesameCore
import Testing

@Suite("TokenBroker")
struct TokenBrokerTests {
    static let json = #"""
    {"version": 1, "providers": {
      "alpha": {"type": "static", "appId": "1"},
      "beta": {"type": "static", "appId": "2"},
      "gamma": {"type": "echo"}
    }}
    """#

    @Test("token(for:) routes each name to its own provider and caches per provider")
    func routesAndCaches() async throws {
        let exchanges = ExchangeCounter()
        let broker = TokenBroker(registry: try TestPlugins.decode(Self.json, plugins: TestPlugins.set(counting: exchanges)))
        #expect(try await broker.token(for: "alpha").value == "alpha:-:1")
        #expect(try await broker.token(for: "beta").value == "beta:-:1")
        #expect(try await broker.token(for: "gamma").value == "gamma:-:1")
        #expect(try await broker.token(for: "alpha").value == "alpha:-:1")
        #expect(try await broker.token(for: "alpha", TokenRequest(sessionName: "u1")).value == "alpha:u1:2")
        #expect(try await broker.token(for: "alpha", TokenRequest(sessionName: "u1")).value == "alpha:u1:2")
        #expect(exchanges.count(for: "alpha") == 2)
        #expect(exchanges.count(for: "beta") == 1)
        #expect(try await broker.cache(for: "alpha").statistics.hits == 2)
        #expect(try broker.cache(for: "alpha") === broker.cache(for: "alpha"))
        #expect(try broker.cache(for: "alpha") !== broker.cache(for: "beta"))
    }

    @Test("an unknown provider name fails with unknownProvider and a did-you-mean, without any exchange")
    func unknownProvider() async throws {
        let exchanges = ExchangeCounter()
        let broker = TokenBroker(registry: try TestPlugins.decode(Self.json, plugins: TestPlugins.set(counting: exchanges)))
        let error = await #expect(throws: RegistryError.self) { try await broker.token(for: "alhpa") }
        #expect(error?.code == .unknownProvider)
        #expect(error?.message.contains(#"did you mean "alpha"?"#) == true)
        #expect(throws: RegistryError.self) { try broker.cache(for: "delta") }
        #expect(exchanges.count(for: "alpha") == 0)
    }

    @Test("shutdown stops every cache: later calls throw CancellationError")
    func shutdown() async throws {
        let broker = TokenBroker(registry: try TestPlugins.decode(Self.json))
        _ = try await broker.token(for: "alpha")
        await broker.shutdown()
        await #expect(throws: CancellationError.self) { try await broker.token(for: "alpha") }
        await #expect(throws: CancellationError.self) { try await broker.token(for: "beta") }
    }

    @Test("the broker uses the policy it is given")
    func policy() async throws {
        let exchanges = ExchangeCounter()
        let broker = TokenBroker(
            registry: try TestPlugins.decode(Self.json, plugins: TestPlugins.set(counting: exchanges)),
            policy: TokenCache.Policy(maxEntries: 1)
        )
        _ = try await broker.token(for: "alpha", TokenRequest(sessionName: "a"))
        _ = try await broker.token(for: "alpha", TokenRequest(sessionName: "b"))
        _ = try await broker.token(for: "alpha", TokenRequest(sessionName: "a"))
        #expect(exchanges.count(for: "alpha") == 3)
        #expect(try await broker.cache(for: "alpha").count == 1)
    }
}
