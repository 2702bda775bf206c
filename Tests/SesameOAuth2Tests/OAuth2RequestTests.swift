import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("oauth2-client-credentials: what reaches the token server")
struct OAuth2RequestTests {
    @Test("client_secret_basic: a form POST with grant_type first, Accept JSON, and form-encoded Basic credentials the server accepts")
    func basicAuthentication() async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL)
            let token = try await provider.fetchToken(TokenRequest())
            let grant = try #require(server.server.grant(forToken: token.value), "the server issued this token")
            #expect(grant.clientID == OAuth2Fixture.clientID)
            let received = try #require(server.received.first)
            #expect(server.received.count == 1)
            #expect(received.authMethod == "client_secret_basic")
            #expect(received.contentType == "application/x-www-form-urlencoded")
            #expect(received.accept == "application/json")
            #expect(received.parameters.first?.name == "grant_type")
            #expect(received.grantType == "client_credentials")
            #expect(received.values("client_id").isEmpty, "Basic sends the ID in the header only")
            #expect(token.type == "Bearer")
        }
    }

    @Test("client_secret_post: client_id and client_secret in the body, no Authorization header")
    func postAuthentication() async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL, authMethod: .clientSecretPost)
            let token = try await provider.fetchToken(TokenRequest())
            #expect(server.server.grant(forToken: token.value)?.clientID == OAuth2Fixture.clientID)
            let received = try #require(server.received.first)
            #expect(received.authMethod == "client_secret_post")
            #expect(received.values("client_id") == [OAuth2Fixture.clientID])
        }
    }

    @Test("a server that only accepts client_secret_post refuses Basic, and the message says to switch authMethod")
    func wrongMethod() async throws {
        let postOnly = OAuth2Fixture.client(authMethods: ["client_secret_post"])
        try await withOAuth2TokenServer(OAuth2Fixture.server([postOnly])) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL)
            let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .invalidClient)
            #expect(error.message.contains("\"authMethod\": \"client_secret_post\""))
            #expect(server.stats.rejections == ["invalid_client": 1])
        }
    }

    @Test("scopes, audience and every resource arrive at the server, and the token is granted for them")
    func parameters() async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            let provider = OAuth2Fixture.provider(
                tokenURL: server.tokenURL,
                scopes: ["reports.read", "reports.write"],
                audience: "https://api.example.com",
                resources: ["https://reports.example.com/", "https://files.example.com/"]
            )
            let grant = try await provider.tokenGrant(for: TokenRequest())
            let received = try #require(server.received.first)
            #expect(received.scope == "reports.read reports.write")
            #expect(received.audience == "https://api.example.com")
            #expect(received.resources == ["https://reports.example.com/", "https://files.example.com/"])
            let issued = try #require(server.server.grant(forToken: grant.token.value))
            #expect(issued.scopes == ["reports.read", "reports.write"])
            #expect(issued.resources == ["https://reports.example.com/", "https://files.example.com/"])
            #expect(grant.grantedScopes == ["reports.read", "reports.write"])
        }
    }

    @Test("options scope, audience and resource replace the configured values for one request; \"\" sends none")
    func perRequestOverrides() async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server([OAuth2Fixture.client(defaultScopes: ["reports.read"])])) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL, scopes: ["reports.read"], audience: "https://api.example.com")
            let admin = try await provider.fetchToken(TokenRequest(options: ["scope": "admin reports.write", "resource": "https://files.example.com/"]))
            #expect(server.server.grant(forToken: admin.value)?.scopes == ["admin", "reports.write"])
            let bare = try await provider.fetchToken(TokenRequest(options: ["scope": "", "audience": ""]))
            let received = server.received
            #expect(received.count == 2)
            #expect(received[0].scope == "admin reports.write")
            #expect(received[0].resources == ["https://files.example.com/"])
            #expect(received[0].audience == "https://api.example.com")
            #expect(received[1].scope == nil)
            #expect(received[1].audience == nil)
            #expect(server.server.grant(forToken: bare.value)?.scopes == ["reports.read"], "the server's default applies")
        }
    }

    @Test("a session name, a lifetime, an unknown option, or a malformed scope or resource fail before any request")
    func refusedRequests() async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL)
            let cases: [(TokenRequest, String)] = [
                (TokenRequest(sessionName: "user-42"), "acts for the client itself, not for an end user"),
                (TokenRequest(lifetime: 600), "has no lifetime parameter"),
                (TokenRequest(options: ["scopes": "admin"]), "unknown token request option \"scopes\"; oauth2-client-credentials supports: audience, resource, scope"),
                (TokenRequest(options: ["scope": "reports\"read"]), "option scope: scope \"reports\"read\" has a character RFC 6749 §3.3 does not allow"),
                (TokenRequest(options: ["resource": "reports.example.com"]), "option resource: \"reports.example.com\" is not an absolute URI"),
            ]
            for (request, expected) in cases {
                let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(request) }
                #expect(error.code == .invalidTokenRequest)
                #expect(error.message.hasPrefix("internal-api: "))
                #expect(error.message.contains(expected), "\(error.message)")
            }
            #expect(server.stats.tokenRequests == 0)
        }
    }

    @Test("a client secret read from a file keeps working when the file ends in a line break")
    func secretFromFile() async throws {
        let folder = try TemporaryFolder()
        try folder.write(OAuth2Fixture.secret + "\n", to: "client-secret")
        let store = PEMFileKeyStore(directory: folder.path, baseDirectory: folder.path)
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            let provider = OAuth2Fixture.provider(
                tokenURL: server.tokenURL,
                secret: KeyReference(storeName: "files", name: "client-secret", store: store)
            )
            let token = try await provider.fetchToken(TokenRequest())
            #expect(server.server.grant(forToken: token.value) != nil)
        }
    }

    @Test("a client secret with a line break inside, or two at its end, is refused with secretUnavailable naming the byte, without contacting the server", arguments: [
        ("\n\n", 25), ("\r\n\r\n", 25), ("\tx", 25),
    ])
    func secretWithControlCharacter(suffix: String, position: Int) async throws {
        let folder = try TemporaryFolder()
        try folder.write(String(repeating: "s", count: 24) + suffix, to: "client-secret")
        let store = PEMFileKeyStore(directory: folder.path, baseDirectory: folder.path)
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            let provider = OAuth2Fixture.provider(
                tokenURL: server.tokenURL,
                secret: KeyReference(storeName: "files", name: "client-secret", store: store)
            )
            let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .secretUnavailable)
            #expect(error.message.contains("files:client-secret holds a control character (a line break or tab) at byte \(position)"), "\(error.message)")
            #expect(!error.message.contains("ssss"), "the secret is not shown")
            #expect(server.stats.tokenRequests == 0)
        }
    }

    @Test("a missing secret entry fails with secretUnavailable, naming the store entry, without contacting the server")
    func missingSecret() async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            let store = EnvironmentKeyStore(environment: { _ in nil })
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL, secret: KeyReference(storeName: "env", name: "CLIENT_SECRET", store: store))
            let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .secretUnavailable)
            #expect(error.message.contains("env:CLIENT_SECRET"))
            #expect((error.underlying as? KeyStoreError)?.code == .notFound)
            #expect(server.stats.tokenRequests == 0)
        }
    }
}
