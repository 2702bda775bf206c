import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("a command key store and a provider registered from outside Sesame")
struct CommandKeyStoreTests {
    private static let plugins = PluginSet.builtIn.registering(CommandKeyStore.factory).registering(StaticBearerProvider.factory)
    private static let secret = "cmd-secret:\(UUID().uuidString)"

    private func registry(keyStores: String, providers: String, in folder: TemporaryFolder) throws -> Registry {
        let json = """
        { "version": 1, "keyStores": { \(keyStores) }, "providers": { \(providers) } }
        """
        return try Registry.decode(Data(json.utf8), source: "providers.json", directory: folder.path, plugins: Self.plugins, context: RegistryContext())
    }

    /// A folder holding one secret file per entry, and a `static-bearer` provider so that the registry
    /// has a provider to build.
    private func folderWithSecret() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write(Self.secret + "\n", to: "reports-service")
        return folder
    }

    private func store(_ command: [String], timeout: Int? = nil, in folder: TemporaryFolder) throws -> any KeyStore {
        let argv = "[" + command.map { "\"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"" }.joined(separator: ", ") + "]"
        let registry = try registry(
            keyStores: "\"cmd\": { \"type\": \"command\", \"command\": \(argv)\(timeout.map { ", \"timeout\": \($0)" } ?? "") }",
            providers: "\"unused\": { \"type\": \"static-bearer\", \"token\": { \"store\": \"cmd\", \"name\": \"x\" } }",
            in: folder
        )
        return try #require(registry.keyStores["cmd"]?.store)
    }

    @Test("an oauth2 provider whose client secret is printed by a command (argv, no shell) gets a token")
    func oauth2WithCommandSecret() async throws {
        let folder = try folderWithSecret()
        let client = OAuth2TestClient(id: "reports-service", secret: Self.secret, allowedScopes: ["reports.read"])
        try await withOAuth2TokenServer(OAuth2TokenServerConfiguration(clients: [client])) { server in
            let registry = try registry(
                keyStores: "\"cmd\": { \"type\": \"command\", \"command\": [\"/bin/cat\", \"\(folder.path)/{name}\"] }",
                providers: """
                "internal-api": { "type": "oauth2-client-credentials", "tokenURL": "\(server.tokenURL)", "clientId": "reports-service",
                                  "clientSecret": { "store": "cmd", "name": "reports-service" }, "scopes": ["reports.read"], "timeout": 60 }
                """,
                in: folder
            )
            #expect(registry.keyStores["cmd"]?.type == "command")
            let broker = TokenBroker(registry: registry)
            let token = try await broker.token(for: "internal-api")
            let grant = try #require(server.server.grant(forToken: token.value))
            #expect(grant.clientID == "reports-service")
            #expect(grant.scopes == ["reports.read"])
            await broker.shutdown()
        }
    }

    @Test("with a shell the user writes, the entry name is in SESAME_KEY_NAME; one trailing line break is dropped")
    func shellAndEnvironment() async throws {
        let folder = try folderWithSecret()
        let store = try store(["/bin/sh", "-c", "exec cat \"\(folder.path)/$SESAME_KEY_NAME\""], in: folder)
        let secret = try await store.secret(named: "reports-service")
        #expect(secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == Self.secret)
    }

    @Test("a failing command: its status and a short excerpt of stderr, never the rest of it")
    func nonZeroExit() async throws {
        let folder = try TemporaryFolder()
        let tail = "TAIL-\(UUID().uuidString)"
        let noise = String(repeating: "n", count: 200)
        let store = try store(["/bin/sh", "-c", "echo \"pass: entry $SESAME_KEY_NAME not found \(noise)\" >&2; echo \(tail) >&2; exit 3"], in: folder)
        let error = try await #require(throws: KeyStoreError.self) { try await store.secret(named: "reports-service") }
        #expect(error.code == .unreadable)
        #expect(error.message.hasPrefix("key store cmd: sh, for entry \"reports-service\", exited with status 3: \"pass: entry reports-service not found nnn"), "\(error.message)")
        #expect(error.message.contains("…\"; run the command yourself to see why"))
        #expect(!error.message.contains(tail), "only the first line")
        #expect(!error.message.contains(noise), "only 120 characters")
    }

    @Test("a command that prints nothing means the entry does not exist")
    func emptyOutput() async throws {
        let folder = try TemporaryFolder()
        let store = try store(["/bin/sh", "-c", "exit 0"], in: folder)
        let error = try await #require(throws: KeyStoreError.self) { try await store.secret(named: "missing") }
        #expect(error.code == .notFound)
        #expect(error.message.contains("printed nothing on stdout"))
    }

    @Test("a command that hangs is stopped after its timeout")
    func timeout() async throws {
        let folder = try TemporaryFolder()
        let store = try store(["/bin/sh", "-c", "sleep 60"], timeout: 1, in: folder)
        let error = try await #require(throws: KeyStoreError.self) { try await store.secret(named: "slow") }
        #expect(error.code == .unreadable)
        #expect(error.message.contains("did not finish within 1 s and was stopped"))
    }

    @Test("a program that does not exist cannot be started")
    func missingProgram() async throws {
        let folder = try TemporaryFolder()
        let store = try store(["/nonexistent/secret-tool", "{name}"], in: folder)
        let error = try await #require(throws: KeyStoreError.self) { try await store.secret(named: "x") }
        #expect(error.code == .unreadable)
        #expect(error.message.contains("cannot be started"))
    }

    @Test("the store's section is read strictly: a relative program, a misspelt key")
    func configuration() throws {
        let folder = try TemporaryFolder()
        let error = try #require(throws: RegistryError.self) {
            try registry(
                keyStores: """
                "a": { "type": "command", "command": ["pass", "show"] },
                "b": { "type": "command", "command": ["/bin/cat"], "timout": 5 }
                """,
                providers: "\"p\": { \"type\": \"static-bearer\", \"token\": { \"store\": \"b\", \"name\": \"x\" } }",
                in: folder
            )
        }
        let lines = error.issues.map(\.description)
        #expect(lines.contains("keyStores.a.command: the program \"pass\" must be an absolute path, e.g. \"/usr/bin/pass\" (no PATH lookup, no shell)"), "\(lines)")
        #expect(lines.contains("keyStores.b.timout: unknown key; did you mean \"timeout\"?"))
    }

    @Test("a custom provider registered from outside hands out the token a command prints, through the cache")
    func customProvider() async throws {
        let folder = try folderWithSecret()
        let registry = try registry(
            keyStores: "\"cmd\": { \"type\": \"command\", \"command\": [\"/bin/cat\", \"\(folder.path)/{name}\"] }",
            providers: "\"ci-bot\": { \"type\": \"static-bearer\", \"token\": { \"store\": \"cmd\", \"name\": \"reports-service\" }, \"lifetime\": 600 }",
            in: folder
        )
        #expect(registry.providers["ci-bot"]?.description == "ci-bot (static-bearer): token cmd:reports-service, lifetime 600 s")
        let broker = TokenBroker(registry: registry)
        let token = try await broker.token(for: "ci-bot")
        #expect(token.value == Self.secret)
        #expect(token.lifetime == 600)
        #expect(token.authorizationHeader == "Bearer \(Self.secret)")
        #expect(!String(describing: token).contains(Self.secret))
        await broker.shutdown()
    }
}
