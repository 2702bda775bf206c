import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("oauth2-client-credentials: reading the token response (RFC 6749 §5.1)")
struct OAuth2ResponseTests {
    private static let receivedAt = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("expires_in counts seconds from the injected clock's now, and issuedAt is that now", arguments: [60, 1234, 86400])
    func relativeExpiry(lifetime: Int) async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server(tokenLifetime: lifetime)) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL, now: { Self.receivedAt })
            let token = try await provider.fetchToken(TokenRequest())
            #expect(token.issuedAt == Self.receivedAt)
            #expect(token.expiresAt == Self.receivedAt.addingTimeInterval(TimeInterval(lifetime)))
        }
    }

    @Test("without expires_in the token is assumed to live defaultExpiresIn (3600 s)")
    func defaultExpiry() async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server(tokenLifetime: nil)) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL, now: { Self.receivedAt })
            let token = try await provider.fetchToken(TokenRequest())
            #expect(OAuth2ClientCredentialsConfiguration.standardExpiresIn == 3600)
            #expect(token.expiresAt == Self.receivedAt.addingTimeInterval(3600))
        }
    }

    @Test("token_type is kept as the server sent it, and the granted scope is reported")
    func tokenTypeAndScope() async throws {
        let body = #"{"access_token": "opaque-token-value-123", "token_type": "bearer", "expires_in": "900", "scope": "reports.read"}"#
        let faults = OAuth2TokenServerFaults(answers: [.json(body)])
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL, scopes: ["reports.read", "reports.write"], now: { Self.receivedAt })
            let grant = try await provider.tokenGrant(for: TokenRequest())
            #expect(grant.token.type == "bearer")
            #expect(grant.token.authorizationHeader == "bearer opaque-token-value-123")
            #expect(grant.token.expiresAt == Self.receivedAt.addingTimeInterval(900), "a string expires_in is read as seconds")
            #expect(grant.requestedScopes == ["reports.read", "reports.write"])
            #expect(grant.grantedScopes == ["reports.read"])
        }
    }

    @Test("a missing or malformed field fails with malformedTokenResponse naming the field, never quoting the body", arguments: [
        (#"{"token_type": "Bearer", "expires_in": 3600}"#, "access_token", "is missing"),
        (#"{"access_token": 42, "token_type": "Bearer"}"#, "access_token", "is not a non-empty string"),
        (#"{"access_token": "tok-secret-value-1", "expires_in": 3600}"#, "token_type", "is missing"),
        (#"{"access_token": "tok-secret-value-1", "token_type": "Bearer", "expires_in": -5}"#, "expires_in", "is -5, not a positive number of seconds"),
        (#"{"access_token": "tok-secret-value-1", "token_type": "Bearer", "expires_in": "soon"}"#, "expires_in", "is \"soon\", not a positive number of seconds"),
        (#"{"access_token": "tok-secret-value-1", "token_type": "Bearer", "scope": ["a"]}"#, "scope", "is an array, not a space-separated string"),
    ])
    func malformedResponses(body: String, field: String, problem: String) async throws {
        let faults = OAuth2TokenServerFaults(answers: [.json(body)])
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL)
            let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .malformedTokenResponse)
            #expect(error.field == field)
            #expect(error.message.contains("whose \(field) \(problem)"), "\(error.message)")
            #expect(!error.message.contains("tok-secret-value-1"))
            #expect(server.stats.tokenRequests == 1, "a malformed answer is not retried")
        }
    }

    @Test("HTTP 200 with an HTML page (a login page at the wrong URL) fails with unexpectedResponse and the fix")
    func htmlSuccess() async throws {
        let faults = OAuth2TokenServerFaults(answers: [.html(status: 200, "<html><body><h1>Sign in</h1></body></html>")])
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL)
            let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .unexpectedResponse)
            #expect(error.message.contains("HTTP 200 and a body that is not a JSON object (text/html: \"Sign in\")"), "\(error.message)")
            #expect(error.message.contains("check tokenURL"))
        }
    }
}
