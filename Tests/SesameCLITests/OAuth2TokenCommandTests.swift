import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("sesame token for an oauth2-client-credentials provider")
struct OAuth2TokenCommandTests {
    @Test("sesame token prints a token the OAuth 2.0 server issued; --json keeps its token_type; a wrong secret fails on one stderr line")
    func oauth2Token() async throws {
        let folder = try TemporaryFolder()
        let secret = "cli-secret+\(UUID().uuidString)"
        let client = OAuth2TestClient(id: "sesame-example", secret: secret, allowedScopes: ["reports.read", "reports.write"])
        try await withOAuth2TokenServer(OAuth2TokenServerConfiguration(clients: [client])) { server in
            let config = try folder.write("""
                { "version": 1,
                  "keyStores": { "env": { "type": "env" } },
                  "providers": { "internal-api": { "type": "oauth2-client-credentials", "tokenURL": "\(server.tokenURL)",
                    "clientId": "sesame-example", "clientSecret": { "store": "env", "name": "EXAMPLE_CLIENT_SECRET" },
                    "scopes": ["reports.read"], "timeout": 60 } } }
                """, to: "providers.json")

            let plain = try await SesameBinary.run(["token", "internal-api", "--config", config], environment: ["EXAMPLE_CLIENT_SECRET": secret])
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(plain.stderr.isEmpty)
            let token = plain.stdout.trimmingCharacters(in: .newlines)
            #expect(plain.stdout == token + "\n")
            #expect(server.server.grant(forToken: token)?.scopes == ["reports.read"])

            let json = try await SesameBinary.run(
                ["token", "internal-api", "--config", config, "--json", "--option", "scope=reports.write"],
                environment: ["EXAMPLE_CLIENT_SECRET": secret]
            )
            #expect(json.status == 0, "\(json.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String])
            #expect(object["provider"] == "internal-api")
            #expect(object["token_type"] == "Bearer")
            #expect(server.server.grant(forToken: try #require(object["access_token"]))?.scopes == ["reports.write"])

            let wrong = try await SesameBinary.run(["token", "internal-api", "--config", config], environment: ["EXAMPLE_CLIENT_SECRET": "not-" + secret])
            #expect(wrong.status == 1)
            #expect(wrong.stdout.isEmpty)
            #expect(wrong.stderr.hasPrefix("sesame: internal-api: \(server.tokenURL.replacingOccurrences(of: "/oauth2/token", with: "")) refused the token request (HTTP 401, invalid_client"), "\(wrong.stderr)")
            #expect(wrong.stderr.contains("env:EXAMPLE_CLIENT_SECRET"))
            #expect(!wrong.stderr.contains(secret))
            #expect(wrong.stderr.split(separator: "\n").count == 1)
            #expect(server.stats.tokenRequests == 3)
        }
    }
}
