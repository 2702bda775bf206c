import Foundation
import Sesame
import SesameTestSupport
import Testing

/// One refusal of RFC 6749 §5.2 (or RFC 8707), produced by the token server's own checks.
struct RefusalCase: Sendable, CustomTestStringConvertible {
    let serverCode: String
    let code: OAuth2Error.Code
    var server: OAuth2TokenServerConfiguration = OAuth2Fixture.server()
    var secret = OAuth2Fixture.secret
    var scopes = ["reports.read"]
    var resources: [String] = []
    var authMethod = OAuth2ClientAuthMethod.clientSecretBasic
    let serverSays: String
    let remedy: String

    var testDescription: String { serverCode }

    static let all: [RefusalCase] = [
        RefusalCase(
            serverCode: "invalid_client", code: .invalidClient, secret: "not-the-secret",
            serverSays: "client authentication failed",
            remedy: "check clientId (\"reports-service\") and the client secret in env:CLIENT_SECRET, and authMethod: the secret was sent with client_secret_basic (HTTP Basic); if the server expects it in the body, set \"authMethod\": \"client_secret_post\""
        ),
        RefusalCase(
            serverCode: "invalid_client", code: .invalidClient, secret: "not-the-secret", authMethod: .clientSecretPost,
            serverSays: "client authentication failed",
            remedy: "the secret was sent in the body (client_secret_post); if the server expects HTTP Basic, set \"authMethod\": \"client_secret_basic\""
        ),
        RefusalCase(
            serverCode: "invalid_scope", code: .invalidScope, scopes: ["reports.read", "billing"],
            serverSays: "scope \\\"billing\\\" is not allowed for client reports-service",
            remedy: "the scope requested (\"reports.read billing\") is unknown, malformed, or more than client reports-service may have; request only scopes granted to the client"
        ),
        RefusalCase(
            serverCode: "unsupported_grant_type", code: .unsupportedGrantType,
            server: OAuth2TokenServerConfiguration(clients: [OAuth2Fixture.client()], supportedGrantTypes: ["authorization_code"]),
            serverSays: "grant type client_credentials is not supported by this server",
            remedy: "the server does not offer the client_credentials grant at this endpoint; check tokenURL"
        ),
        RefusalCase(
            serverCode: "unauthorized_client", code: .unauthorizedClient,
            server: OAuth2Fixture.server([OAuth2Fixture.client(grantTypes: ["authorization_code"])]),
            serverSays: "client reports-service may not use the client_credentials grant",
            remedy: "client reports-service is authenticated but may not use the client_credentials grant; allow the grant for this client"
        ),
        RefusalCase(
            serverCode: "invalid_request", code: .invalidRequest,
            server: OAuth2Fixture.server([OAuth2Fixture.client(requiresAudience: true)]),
            serverSays: "audience is required",
            remedy: "a parameter is missing, repeated or malformed: the server's description names it"
        ),
        RefusalCase(
            serverCode: "invalid_target", code: .invalidTarget, resources: ["https://payroll.example.com/"],
            serverSays: "resource \\\"https://payroll.example.com/\\\" is not allowed for client reports-service",
            remedy: "resource \"https://payroll.example.com/\" is unknown or not allowed for client reports-service; fix resource/audience"
        ),
    ]
}

@Suite("oauth2-client-credentials: refusals (RFC 6749 §5.2) and broken answers")
struct OAuth2ErrorTests {
    @Test("every refusal becomes its typed error, with the server's code and description and the remedy", arguments: RefusalCase.all)
    func refusals(_ refusal: RefusalCase) async throws {
        try await withOAuth2TokenServer(refusal.server) { server in
            let provider = OAuth2Fixture.provider(
                tokenURL: server.tokenURL, secret: OAuth2Fixture.secretReference(refusal.secret), authMethod: refusal.authMethod,
                scopes: refusal.scopes, resources: refusal.resources
            )
            let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == refusal.code)
            #expect(error.serverCode == refusal.serverCode)
            #expect(error.httpStatus == (refusal.serverCode == "invalid_client" ? 401 : 400))
            let description = refusal.serverSays.replacingOccurrences(of: "\\\"", with: "\"")
            #expect(error.serverDescription == description)
            let prefix = "internal-api: \(OAuth2Fixture.endpoint(server)) refused the token request (HTTP \(error.httpStatus ?? 0), \(refusal.serverCode): \"\(description)\"); "
            #expect(error.message.hasPrefix(prefix), "\(error.message)")
            #expect(error.message.contains(refusal.remedy), "\(error.message)")
            #expect(error.attempts == 1)
            #expect(server.stats.tokenRequests == 1, "a refusal is never retried")
            #expect(server.stats.rejections == [refusal.serverCode: 1])
        }
    }

    @Test("invalid_grant, with error_uri: the code, the description and the URI are all in the message")
    func invalidGrantWithURI() async throws {
        let answer = OAuth2ScriptedAnswer.oauthError(code: "invalid_grant", description: "client credentials revoked", uri: "https://auth.example.com/docs/errors#invalid_grant")
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: .init(answers: [answer]))) { server in
            let error = try await #require(throws: OAuth2Error.self) { try await OAuth2Fixture.provider(tokenURL: server.tokenURL).fetchToken(TokenRequest()) }
            #expect(error.code == .invalidGrant)
            #expect(error.serverURI == "https://auth.example.com/docs/errors#invalid_grant")
            #expect(error.message.contains("(HTTP 400, invalid_grant: \"client credentials revoked\", see https://auth.example.com/docs/errors#invalid_grant)"))
            #expect(error.message.contains("revoked or have expired; check client reports-service on the authorization server"))
        }
    }

    @Test("an unknown error code is reported as rejected, with the server's code")
    func unknownCode() async throws {
        let answer = OAuth2ScriptedAnswer.oauthError(status: 403, code: "access_denied", description: "tenant suspended")
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: .init(answers: [answer]))) { server in
            let error = try await #require(throws: OAuth2Error.self) { try await OAuth2Fixture.provider(tokenURL: server.tokenURL).fetchToken(TokenRequest()) }
            #expect(error.code == .rejected)
            #expect(error.serverCode == "access_denied")
            #expect(error.message.contains("access_denied is not an error code of RFC 6749 §5.2"))
        }
    }

    @Test("a gateway's HTML error page: the status, the content type and a short excerpt without markup")
    func nonJSONErrorBody() async throws {
        let page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>"
            + String(repeating: "<!-- padding -->", count: 40) + "<p>" + String(repeating: "x", count: 300) + "</p></body></html>"
        let faults = OAuth2TokenServerFaults(answers: [.html(status: 502, page)])
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL, retry: RetryPolicy.none)
            let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .serverError)
            #expect(error.httpStatus == 502)
            #expect(error.serverCode == nil)
            #expect(error.message.hasPrefix("internal-api: \(OAuth2Fixture.endpoint(server)) failed to answer the token request (HTTP 502, text/html: \"502 Bad Gateway 502 Bad Gateway nginx "), "\(error.message)")
            #expect(!error.message.contains("<"), "markup is removed")
            #expect(!error.message.contains(String(repeating: "x", count: 130)), "the excerpt is short")
        }
    }

    @Test("401 without an OAuth body points at the credentials; 404 says tokenURL is not a token endpoint")
    func bareStatuses() async throws {
        let faults = OAuth2TokenServerFaults(answers: [
            OAuth2ScriptedAnswer(status: 401, headers: ["WWW-Authenticate": "Basic"]),
            OAuth2ScriptedAnswer(status: 404, headers: ["Content-Type": "text/plain"], body: "Not Found"),
        ])
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL)
            let unauthorized = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(unauthorized.code == .invalidClient)
            #expect(unauthorized.message.contains("(HTTP 401, no Content-Type, empty body)"), "\(unauthorized.message)")
            let notFound = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(notFound.code == .unexpectedResponse)
            #expect(notFound.message.contains("(HTTP 404, text/plain: \"Not Found\")"))
            #expect(notFound.message.contains("tokenURL \(server.tokenURL) is not a token endpoint"))
        }
    }

    @Test("an unreachable endpoint fails with unreachable, naming the URL")
    func unreachable() async throws {
        let url = try await OAuth2Fixture.closedPortURL()
        let provider = OAuth2Fixture.provider(tokenURL: url, retry: RetryPolicy(maxAttempts: 2, sleep: { _ in }))
        let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
        #expect(error.code == .unreachable)
        #expect(error.attempts == 2, "a connection failure is retried")
        #expect(error.message.hasPrefix("internal-api: "))
        #expect(error.message.contains("tokenURL \(url)"))
        #expect(error.message.hasSuffix("(gave up after 2 attempts)"))
        #expect(error.underlying is HTTPTransportError)
    }

    @Test("an invalid tokenURL is final, and the provider names the key to fix")
    func invalidURL() async throws {
        let provider = OAuth2Fixture.provider(tokenURL: "http://", retry: RetryPolicy(maxAttempts: 3, sleep: { _ in }))
        let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
        #expect(error.code == .unreachable)
        #expect(error.attempts == 1, "an invalid URL is not retried")
        #expect((error.underlying as? HTTPTransportError)?.code == .invalidURL)
        #expect(error.message.hasSuffix("(tokenURL http://); fix tokenURL in providers.json"), "\(error.message)")
    }
}
