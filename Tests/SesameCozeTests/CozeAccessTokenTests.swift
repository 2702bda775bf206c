import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

/// `coze-access-token`: a static token from a key store, checked against the emulator's
/// `GET /v1/workspaces`. The token is one the emulator issued, as a personal access token would be
/// issued by Coze.
@Suite("coze-access-token: a static token from any key store")
struct CozeAccessTokenTests {
    /// A registry with one coze-access-token provider over the env store, at `baseURL`.
    private func registry(_ extra: String = "", baseURL: String, environment: [String: String]) throws -> Registry {
        let json = """
        {"version": 1, "keyStores": {"env": {"type": "env"}},
         "providers": {"dev": {"type": "coze-access-token", "token": {"store": "env", "name": "COZE_API_TOKEN"}, "baseURL": "\(baseURL)", "timeout": 60\(extra)}}}
        """
        return try Registry.decode(Data(json.utf8), directory: "/", plugins: .builtIn, context: RegistryContext(environment: { environment[$0] }))
    }

    private func issuedToken(_ app: TestApp, _ emulator: RunningCozeEmulator) async throws -> String {
        try await ProviderFixture.provider(for: app, baseURL: emulator.baseURL).fetchToken(TokenRequest()).value
    }

    @Test("the provider hands out the stored token with its configured expiry; doctor's API call passes")
    func staticTokenAccepted() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let value = try await issuedToken(app, emulator)
            let registry = try registry(", \"expiresAt\": \"2099-01-01T00:00:00Z\"", baseURL: emulator.baseURL, environment: ["COZE_API_TOKEN": value + "\n"])
            let provider = try #require(try registry.provider(named: "dev").provider as? CozeAccessTokenProvider)
            let token = try await provider.fetchToken(TokenRequest(sessionName: "user-1"))
            #expect(token.value == value)
            #expect(token.expiresAt == (try Date("2099-01-01T00:00:00Z", strategy: .iso8601)))
            #expect(!"\(token)".contains(value))
            let diagnosis = await CozeDoctor().diagnose(provider)
            #expect(diagnosis.isHealthy, "\(diagnosis)")
            #expect(diagnosis.checks.first { $0.id == "api-call" }?.status == .pass)
            #expect(!diagnosis.description.contains(value), "the token never appears in a diagnosis")
        }
    }

    @Test("an unknown token is refused by GET /v1/workspaces with code 4100, and doctor says what to do")
    func unknownTokenRefused() async throws {
        try await withCozeEmulator(CozeEmulatorConfiguration()) { emulator in
            let registry = try registry(baseURL: emulator.baseURL, environment: ["COZE_API_TOKEN": "pat_" + String(repeating: "x", count: 40)])
            let provider = try #require(try registry.provider(named: "dev").provider as? CozeAccessTokenProvider)
            let diagnosis = await CozeDoctor().diagnose(provider)
            let call = try #require(diagnosis.checks.first { $0.id == "api-call" })
            #expect(call.status == .fail)
            #expect(call.message.contains("4100"))
            #expect(diagnosis.checks.first { $0.id == "token" }?.status == .pass, "the shape of a personal access token is right")
        }
    }

    @Test("an expired configured expiry fails with expiredToken; lifetime counts from each read")
    func expiry() async throws {
        let expired = try registry(", \"expiresAt\": \"2020-01-01T00:00:00Z\"", baseURL: "http://127.0.0.1:9", environment: ["COZE_API_TOKEN": "pat_abc"])
        await #expect { try await expired.provider(named: "dev").provider.fetchToken(TokenRequest()) } throws: { error in
            (error as? CozeError)?.code == .expiredToken && "\(error)".contains("expiresAt")
        }
        let lifetime = try registry(", \"lifetime\": 3600", baseURL: "http://127.0.0.1:9", environment: ["COZE_API_TOKEN": "pat_abc"])
        let token = try await lifetime.provider(named: "dev").provider.fetchToken(TokenRequest())
        #expect(abs(token.expiresAt.timeIntervalSinceNow - 3600) < 60)
        let never = try registry(baseURL: "http://127.0.0.1:9", environment: ["COZE_API_TOKEN": "pat_abc"])
        #expect(try await never.provider(named: "dev").provider.fetchToken(TokenRequest()).expiresAt == .distantFuture)
    }

    @Test("registry errors: both expiries, a bad date, a missing token reference; a PEM in the token's store is named")
    func registryErrors() async throws {
        #expect { try registry(", \"expiresAt\": \"2099-01-01T00:00:00Z\", \"lifetime\": 60", baseURL: "http://127.0.0.1:9", environment: [:]) } throws: { error in
            "\(error)".contains("providers.dev.lifetime: set expiresAt") 
        }
        #expect { try registry(", \"expiresAt\": \"tomorrow\"", baseURL: "http://127.0.0.1:9", environment: [:]) } throws: { error in
            "\(error)".contains("providers.dev.expiresAt: expected an RFC 3339 time")
        }
        let app = try await TestApp.make()
        let pem = try app.key.pem().withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let wrong = try registry(baseURL: "http://127.0.0.1:9", environment: ["COZE_API_TOKEN": pem])
        let provider = try #require(try wrong.provider(named: "dev").provider as? CozeAccessTokenProvider)
        let diagnosis = await CozeDoctor().diagnose(provider, offline: true)
        let check = try #require(diagnosis.checks.first { $0.id == "token" })
        #expect(check.status == .fail)
        #expect(check.message.contains("private key PEM"))
        #expect(!diagnosis.description.contains("BEGIN"))
    }

    @Test("development and production differ by one registry entry: the same broker call serves both")
    func oneEntryApart() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let value = try await issuedToken(app, emulator)
            let broker = TokenBroker(registry: try registry(baseURL: emulator.baseURL, environment: ["COZE_API_TOKEN": value]))
            let token = try await broker.cache(for: "dev").token(for: TokenRequest())
            #expect(token.value == value)
        }
    }
}
