import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("oauth2-client-credentials never lets the secret or a token out")
struct OAuth2SecretHygieneTests {
    /// The secret as it travels: raw, form-encoded, and inside the Basic credentials.
    private func secretForms(_ secret: String) -> [String] {
        var kept = CharacterSet.alphanumerics
        kept.insert(charactersIn: "*-._ ")
        let encoded = secret.addingPercentEncoding(withAllowedCharacters: kept)!.replacingOccurrences(of: " ", with: "+")
        let basic = Data("\(OAuth2Fixture.clientID):\(encoded)".utf8).base64EncodedString()
        return [secret, encoded, basic]
    }

    @Test("trace-level logs, errors and descriptions contain neither the client secret nor the token")
    func nothingLeaks() async throws {
        let logs = LogRecorder()
        // The server echoes the secret back in error text, as a careless server or proxy might.
        let echo = OAuth2ScriptedAnswer.oauthError(code: "invalid_request", description: "bad client_secret=\(OAuth2Fixture.secret)")
        let page = OAuth2ScriptedAnswer.html(status: 500, "<pre>client_secret=\(OAuth2Fixture.secret)</pre>")
        let faults = OAuth2TokenServerFaults(answers: [echo, page])
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let post = OAuth2Fixture.provider(tokenURL: server.tokenURL, authMethod: .clientSecretPost, retry: .none, logger: logs.logger)
            let echoed = try await #require(throws: OAuth2Error.self) { try await post.fetchToken(TokenRequest()) }
            #expect(echoed.serverDescription == "bad client_secret=<redacted>")
            let paged = try await #require(throws: OAuth2Error.self) { try await post.fetchToken(TokenRequest()) }
            #expect(paged.message.contains("client_secret=<redacted>"), "\(paged.message)")

            let basic = OAuth2Fixture.provider(tokenURL: server.tokenURL, logger: logs.logger)
            let grant = try await basic.tokenGrant(for: TokenRequest())
            let token = grant.token
            let wrong = OAuth2Fixture.provider(tokenURL: server.tokenURL, secret: OAuth2Fixture.secretReference(OAuth2Fixture.secret + "x"), logger: logs.logger)
            let refused = try await #require(throws: OAuth2Error.self) { try await wrong.fetchToken(TokenRequest()) }
            #expect(refused.code == .invalidClient)

            let texts = logs.lines.map(\.text) + [
                echoed.description, paged.description, refused.description, "\(echoed)", String(reflecting: refused),
                String(describing: token), String(reflecting: token), grant.description, basic.description, post.description,
                String(describing: basic.configuration),
            ]
            #expect(logs.lines.map(\.text).contains { $0.contains("oauth2 token exchange") }, "the provider logs its exchanges")
            let secrets = secretForms(OAuth2Fixture.secret) + [token.value]
            for text in texts {
                for secret in secrets {
                    #expect(!text.contains(secret), "leaked into: \(text)")
                }
            }
        }
    }
}
