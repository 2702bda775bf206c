import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("Coze JWT provider never lets a secret out")
struct CozeSecretHygieneTests {
    @Test("logs at trace level and error messages contain no JWT, token, signature or key")
    func noSecretsInLogsOrErrors() async throws {
        let app = try await TestApp.make()
        let wrongKeyApp = TestApp(appID: app.appID, key: try await TestKeys.shared(1))
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        let lines = LogRecorder()
        let logger = lines.logger
        try await withCozeEmulator(configuration) { emulator in
            let transport = RecordingTransport()
            let good = CozeJWTProvider(
                name: "coze-cn",
                configuration: try ProviderFixture.provider(for: app, baseURL: emulator.baseURL).configuration,
                transport: transport, logger: logger
            )
            let token = try await good.fetchToken(TokenRequest())
            let bad = CozeJWTProvider(
                name: "coze-cn",
                configuration: try ProviderFixture.provider(for: wrongKeyApp, baseURL: emulator.baseURL, keyID: app.keyID).configuration,
                transport: transport, logger: logger
            )
            let error = try await #require(throws: CozeError.self) { try await bad.fetchToken(TokenRequest()) }
            #expect(error.code == .invalidClient)

            let pem = try app.key.pem().withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            var secrets = [token.value, "BEGIN"] + pem.split(separator: "\n").dropFirst().prefix(3).map(String.init)
            for jwt in transport.jwts {
                secrets.append(jwt)
                secrets.append(String(jwt.split(separator: ".")[2]))
            }
            let texts = lines.lines.map(\.text) + [error.description, String(describing: token), String(reflecting: token), "\(try await good.assertion())"]
            #expect(!lines.lines.isEmpty, "the provider logs its exchanges at debug level")
            for text in texts {
                for secret in secrets {
                    #expect(!text.contains(secret), "leaked into: \(text)")
                }
            }
        }
    }
}

