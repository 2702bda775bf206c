import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("oauth2-client-credentials in providers.json")
struct OAuth2RegistryTests {
    private func registry(_ json: String, in folder: String, environment: [String: String] = [:]) throws -> Registry {
        try Registry.decode(
            Data(json.utf8), source: "providers.json", directory: folder, plugins: .builtIn,
            context: RegistryContext(environment: { environment[$0] }, homeDirectory: folder)
        )
    }

    private func document(_ provider: String) -> String {
        """
        { "version": 1,
          "keyStores": { "env": { "type": "env" } },
          "providers": { "internal-api": \(provider) } }
        """
    }

    @Test("PluginSet.builtIn knows the type, with its summary")
    func registered() {
        let factory = PluginSet.builtIn.providers["oauth2-client-credentials"]
        #expect(factory?.summary.contains("RFC 6749") == true)
    }

    @Test("a valid section from a file (Registry.load) builds a provider that gets a token with every setting applied")
    func loadAndFetch() async throws {
        let folder = try TemporaryFolder()
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            try folder.write(document("""
                { "type": "oauth2-client-credentials", "tokenURL": "\(server.tokenURL)", "clientId": "\(OAuth2Fixture.clientID)",
                  "clientSecret": { "store": "env", "name": "CLIENT_SECRET" }, "authMethod": "client_secret_post",
                  "scopes": ["reports.read", "reports.write"], "audience": "https://api.example.com",
                  "resource": "https://reports.example.com/", "timeout": 60, "maxAttempts": 2 }
                """), to: "providers.json")
            let context = RegistryContext(environment: { $0 == "CLIENT_SECRET" ? OAuth2Fixture.secret : nil }, homeDirectory: folder.path)
            let registry = try Registry.load(file: folder.path + "/providers.json", context: context)
            let entry = try registry.provider(named: "internal-api")
            #expect(entry.type == "oauth2-client-credentials")
            let provider = try #require(entry.provider as? OAuth2ClientCredentialsProvider)
            #expect(provider.configuration.authMethod == .clientSecretPost)
            #expect(provider.configuration.resources == ["https://reports.example.com/"])
            #expect(provider.configuration.timeout == .seconds(60))
            #expect(provider.configuration.retry.maxAttempts == 2)
            #expect(entry.description == "internal-api (oauth2-client-credentials): client reports-service at \(server.tokenURL), client_secret_post, scope \"reports.read reports.write\", audience https://api.example.com, resource https://reports.example.com/, secret env:CLIENT_SECRET")

            let token = try await entry.provider.fetchToken(TokenRequest())
            let issued = try #require(server.server.grant(forToken: token.value))
            #expect(issued.scopes == ["reports.read", "reports.write"])
            #expect(issued.audience == "https://api.example.com")
            #expect(issued.resources == ["https://reports.example.com/"])
            #expect(server.received.first?.authMethod == "client_secret_post")
        }
    }

    @Test("defaults: client_secret_basic, no scope, 10 s, 3 attempts; resource may be an array")
    func defaults() throws {
        let folder = try TemporaryFolder()
        let registry = try registry(document("""
            { "type": "oauth2-client-credentials", "tokenURL": "https://auth.example.com/oauth2/token", "clientId": "c",
              "clientSecret": { "store": "env", "name": "S" }, "resource": ["https://a.example.com/", "urn:example:b"] }
            """), in: folder.path)
        let provider = try #require(try registry.provider(named: "internal-api").provider as? OAuth2ClientCredentialsProvider)
        #expect(provider.configuration.authMethod == .clientSecretBasic)
        #expect(provider.configuration.scopes.isEmpty)
        #expect(provider.configuration.audience == nil)
        #expect(provider.configuration.resources == ["https://a.example.com/", "urn:example:b"])
        #expect(provider.configuration.timeout == .seconds(10))
        #expect(provider.configuration.retry.maxAttempts == 3)
        #expect(provider.configuration.defaultExpiresIn == 3600)
    }

    @Test("mistakes are reported at once with their paths: a misspelt key, a bad authMethod, a missing clientSecret, a relative resource")
    func mistakes() throws {
        let folder = try TemporaryFolder()
        let json = """
        { "version": 1,
          "keyStores": { "env": { "type": "env" } },
          "providers": {
            "typo": { "type": "oauth2-client-credentials", "tokenURL": "https://auth.example.com/token", "clientId": "c",
                      "clientSecret": { "store": "env", "name": "S" }, "scope": ["reports.read"] },
            "method": { "type": "oauth2-client-credentials", "tokenURL": "https://auth.example.com/token", "clientId": "c",
                        "clientSecret": { "store": "env", "name": "S" }, "authMethod": "client_secret_bsic" },
            "nosecret": { "type": "oauth2-client-credentials", "tokenURL": "https://auth.example.com/token", "clientId": "c" },
            "resource": { "type": "oauth2-client-credentials", "tokenURL": "https://auth.example.com/token", "clientId": "c",
                          "clientSecret": { "store": "env", "name": "S" }, "resource": ["https://ok.example.com/", "api.example.com"] },
            "shapes": { "type": "oauth2-client-credentials", "tokenURL": "ftp://auth.example.com/token", "clientId": 42,
                        "clientSecret": { "store": "env", "name": "S" }, "resource": 7, "scopes": ["reports read"], "maxAttempts": 11 } } }
        """
        let error = try #require(throws: RegistryError.self) { try registry(json, in: folder.path) }
        let lines = error.issues.map(\.description)
        #expect(lines.contains("providers.typo.scope: unknown key; did you mean \"scopes\"?"), "\(lines)")
        #expect(lines.contains("providers.method.authMethod: unknown value \"client_secret_bsic\"; did you mean \"client_secret_basic\"? (expected one of \"client_secret_basic\", \"client_secret_post\")"))
        #expect(lines.contains("providers.nosecret.clientSecret: missing; expected an object"))
        #expect(lines.contains("providers.resource.resource: \"api.example.com\" is not an absolute URI (no scheme); write it in full, such as \"https://api.example.com/\""))
        #expect(lines.contains { $0.hasPrefix("providers.shapes.tokenURL: must be an absolute http(s) URL") })
        #expect(lines.contains { $0.hasPrefix("providers.shapes.clientId: IDs must be JSON strings; write \"42\" in quotes") })
        #expect(lines.contains("providers.shapes.resource: expected an absolute URI or an array of them, got a number"))
        #expect(lines.contains("providers.shapes.scopes: scope \"reports read\" contains a space; list each scope as its own value"))
        #expect(lines.contains("providers.shapes.maxAttempts: must be between 1 and 10, got 11"))
        #expect(error.issues.count == 9, "\(lines)")
    }

    @Test("a secret pasted inline instead of a key reference is refused")
    func inlineSecret() throws {
        let folder = try TemporaryFolder()
        let json = document("""
            { "type": "oauth2-client-credentials", "tokenURL": "https://auth.example.com/token", "clientId": "c",
              "clientSecret": "hunter2-the-client-secret" }
            """)
        let error = try #require(throws: RegistryError.self) { try registry(json, in: folder.path) }
        #expect(error.issues.map(\.description) == ["providers.internal-api.clientSecret: expected an object, got a string"])
        #expect(!error.message.contains("hunter2"))
    }

    @Test("through a TokenBroker, 500 concurrent callers on a cold cache cause exactly one exchange")
    func cacheSingleFlight() async throws {
        let folder = try TemporaryFolder()
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            let json = document("""
                { "type": "oauth2-client-credentials", "tokenURL": "\(server.tokenURL)", "clientId": "\(OAuth2Fixture.clientID)",
                  "clientSecret": { "store": "env", "name": "CLIENT_SECRET" }, "scopes": ["reports.read"], "timeout": 60 }
                """)
            let broker = TokenBroker(registry: try registry(json, in: folder.path, environment: ["CLIENT_SECRET": OAuth2Fixture.secret]))
            let values = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<500 {
                    group.addTask { try await broker.token(for: "internal-api").value }
                }
                var values = Set<String>()
                for try await value in group { values.insert(value) }
                return values
            }
            #expect(values.count == 1)
            #expect(server.stats.tokenRequests == 1)
            #expect(server.server.grant(forToken: try #require(values.first)) != nil)
            let admin = try await broker.token(for: "internal-api", TokenRequest(options: ["scope": "admin"]))
            #expect(!values.contains(admin.value), "another scope is another cache entry")
            #expect(server.stats.tokenRequests == 2)
            await broker.shutdown()
        }
    }
}
