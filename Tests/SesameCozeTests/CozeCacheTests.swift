import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("Coze JWT provider behind the token cache")
struct CozeCacheTests {
    @Test("1,000 concurrent callers on a cold cache cause exactly one exchange with the emulator")
    func thousandCallersOneExchange() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        var faults = EmulatorFaults()
        faults.latencyMilliseconds = 50
        configuration.faults = faults
        try await withCozeEmulator(configuration) { emulator in
            let cache = TokenCache(provider: try ProviderFixture.provider(for: app, baseURL: emulator.baseURL))
            let values = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<1000 {
                    group.addTask { try await cache.token(for: TokenRequest(sessionName: "shared")).value }
                }
                var values = Set<String>()
                for try await value in group { values.insert(value) }
                return values
            }
            #expect(values.count == 1)
            #expect(emulator.stats.tokenRequests == 1)
            #expect(emulator.stats.tokensIssued == 1)
        }
    }

    @Test("different end-user sessions get different tokens; a repeated session is served from the cache")
    func sessionsAreSeparate() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let cache = TokenCache(provider: try ProviderFixture.provider(for: app, baseURL: emulator.baseURL))
            let alice = try await cache.token(for: TokenRequest(sessionName: "alice"))
            let bob = try await cache.token(for: TokenRequest(sessionName: "bob"))
            let aliceAgain = try await cache.token(for: TokenRequest(sessionName: "alice"))
            #expect(alice.value != bob.value)
            #expect(alice.value == aliceAgain.value)
            #expect(emulator.stats.tokensIssued == 2)
        }
    }
}
