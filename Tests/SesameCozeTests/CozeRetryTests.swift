import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Synchronization
import Testing

@Suite("Coze JWT provider: retries with a new JWT each time")
struct CozeRetryTests {
    private func emulator(_ app: TestApp, faults: EmulatorFaults) -> CozeEmulatorConfiguration {
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        configuration.faults = faults
        return configuration
    }

    @Test("two 500 internal_error answers, then success: three attempts, three different jti values")
    func retriesServerErrors() async throws {
        let app = try await TestApp.make()
        var faults = EmulatorFaults()
        faults.failFirst = 2
        try await withCozeEmulator(emulator(app, faults: faults)) { emulator in
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, transport: transport)
            let token = try await provider.fetchToken(TokenRequest())
            #expect(token.value.hasPrefix("czs_"))
            #expect(transport.exchanges.map(\.status) == [500, 500, 200], "\(transport.exchanges.map { $0.error ?? "-" })")
            let jtis = try transport.claims().map(\.jti)
            #expect(Set(jtis).count == 3)
        }
    }

    @Test("a 429 waits at least Retry-After before the next attempt")
    func honoursRetryAfter() async throws {
        let app = try await TestApp.make()
        var faults = EmulatorFaults()
        faults.throttleFirst = 1
        try await withCozeEmulator(emulator(app, faults: faults)) { emulator in
            let waits = Mutex<[Duration]>([])
            let retry = RetryPolicy(sleep: { duration in waits.withLock { $0.append(duration) } })
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, transport: transport, retry: retry)
            _ = try await provider.fetchToken(TokenRequest())
            #expect(transport.exchanges.map(\.status) == [429, 200])
            let waited = try #require(waits.withLock { $0 }.first)
            #expect(waited >= .seconds(1))
        }
    }

    @Test("a dropped connection is retried with a new JWT")
    func retriesDroppedConnections() async throws {
        let app = try await TestApp.make()
        var faults = EmulatorFaults()
        faults.dropFirst = 1
        try await withCozeEmulator(emulator(app, faults: faults)) { emulator in
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, transport: transport)
            _ = try await provider.fetchToken(TokenRequest())
            #expect(transport.exchanges.map(\.status) == [nil, 200], "\(transport.exchanges.map { $0.error ?? "-" })")
            #expect(Set(try transport.claims().map(\.jti)).count == 2)
        }
    }

    @Test("after the last attempt the error says how many were made and keeps Coze's log ID")
    func givesUp() async throws {
        let app = try await TestApp.make()
        var faults = EmulatorFaults()
        faults.failFirst = 10
        try await withCozeEmulator(emulator(app, faults: faults)) { emulator in
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, transport: transport)
            let error = try await #require(throws: CozeError.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .serverError)
            #expect(error.attempts == 3)
            #expect(error.message.contains("gave up after 3 attempts"))
            #expect(error.serverCode == "internal_error")
            #expect(error.logID != nil)
            #expect(transport.exchanges.count == 3)
        }
    }

    @Test("an unreachable endpoint is retried, then reported with the host and the fix")
    func unreachable() async throws {
        let app = try await TestApp.make()
        let transport = RecordingTransport()
        // Port 9 (discard) is closed on loopback: connection refused.
        let provider = try ProviderFixture.provider(for: app, baseURL: "http://127.0.0.1:9", transport: transport)
        let error = try await #require(throws: CozeError.self) { try await provider.fetchToken(TokenRequest()) }
        #expect(error.code == .unreachable)
        #expect(error.message.contains("127.0.0.1:9"))
        #expect(error.message.contains("base URL"))
        #expect(transport.exchanges.count == 3)
    }

    @Test("an invalid URL is final: the transport says what is wrong, the provider names the key to fix")
    func invalidURL() async throws {
        let app = try await TestApp.make()
        let transport = RecordingTransport()
        let provider = try ProviderFixture.provider(for: app, baseURL: "http://", transport: transport)
        let error = try await #require(throws: CozeError.self) { try await provider.fetchToken(TokenRequest()) }
        #expect(error.code == .unreachable)
        let underlying = try #require(error.underlying as? HTTPTransportError)
        #expect(underlying.code == .invalidURL)
        #expect(!underlying.message.contains("providers.json"), "the transport does not know the registry: \(underlying.message)")
        #expect(error.message.hasSuffix("; fix baseURL in providers.json"), "\(error.message)")
        #expect(error.attempts == 1)
        #expect(transport.exchanges.count == 1)
    }
}
