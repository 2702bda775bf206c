import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("Key stores in providers.json")
struct KeyStoreRegistryTests {
    /// `providers.json` with `keyStores` as given and one provider using `store`.
    static func registry(keyStores: String, store: String = "files") -> String {
        """
        {
          "version": 1,
          "keyStores": \(keyStores),
          "providers": {
            "coze-cn": {
              "type": "coze-jwt", "region": "cn", "appId": "1133483935040", "keyId": "test-key-id",
              "privateKey": { "store": "\(store)", "name": "coze-cn.pem" }
            }
          }
        }
        """
    }

    static func decode(_ json: String, in tmp: TemporaryFolder, environment variables: [String: String] = [:]) throws -> Registry {
        try Registry.decode(
            Data(json.utf8),
            source: "test.json",
            directory: tmp.path,
            plugins: .builtIn,
            context: RegistryContext(transport: NoNetworkTransport(), environment: environment(variables), homeDirectory: tmp.file("home"))
        )
    }

    /// The issues of the registry error `json` raises.
    static func issues(_ json: String, in tmp: TemporaryFolder) throws -> [String] {
        let error = try #require(throws: RegistryError.self) { try decode(json, in: tmp) }
        #expect(error.code == .invalid)
        #expect(error.source == "test.json")
        try expectNoSecrets(in: error)
        return error.issues.map(\.description)
    }

    @Test("pem-file, env and dotenv stores build, resolve paths against the registry's folder, and read secrets")
    func buildsAndReads() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.makeDirectory("keys")
            try tmp.makeDirectory("home")
            try tmp.write(keys.pkcs8, to: "keys/coze-cn.pem")
            try tmp.write(keys.pkcs1, to: "relative.pem")
            try tmp.write(keys.encryptedPKCS8, to: "keys/encrypted.pem")
            try tmp.write("CLIENT_SECRET=s3cr3t-client-secret\nCOZE_KEY=\"\(keys.pkcs1)\"\n", to: "app.env")
            try tmp.write("HOME_SECRET=from-home\n", to: "home/.env")
            let json = Self.registry(keyStores: """
                {
                  "files": { "type": "pem-file", "directory": "keys" },
                  "relative": { "type": "pem-file" },
                  "encrypted": { "type": "pem-file", "directory": "./keys", "passphraseEnv": "TEST_KEY_PASSPHRASE" },
                  "env": { "type": "env" },
                  "dotenv": { "type": "dotenv", "path": "app.env" },
                  "home": { "type": "dotenv", "path": "~/.env" }
                }
                """)
            let escaped = keys.generatedPKCS8.replacingOccurrences(of: "\n", with: "\\n")

            let registry = try Self.decode(json, in: tmp, environment: ["COZE_KEY": escaped, "TEST_KEY_PASSPHRASE": KeyFixtures.passphrase])

            #expect(registry.keyStores.keys.sorted() == ["dotenv", "encrypted", "env", "files", "home", "relative"])
            let files = try #require(registry.keyStores["files"])
            #expect(files.type == "pem-file")
            #expect(files.description == "files (pem-file): directory \(tmp.file("keys"))")
            let filesStore = try #require(files.store as? PEMFileKeyStore)
            #expect(filesStore.directory == tmp.file("keys"))
            #expect(filesStore.baseDirectory == tmp.path)
            #expect(try await files.store.secret(named: "coze-cn.pem").revealedForTest == keys.pkcs8)

            let relative = try #require(registry.keyStores["relative"]?.store)
            #expect(try await relative.secret(named: "relative.pem").revealedForTest == keys.pkcs1)
            #expect(try await relative.secret(named: "keys/coze-cn.pem").revealedForTest == keys.pkcs8)

            let encrypted = try #require(registry.keyStores["encrypted"]?.store)
            let decrypted = try RSAPrivateKey(pem: try await encrypted.secret(named: "encrypted.pem"))
            #expect(decrypted.publicKey.thumbprint == keys.thumbprint)

            let env = try #require(registry.keyStores["env"])
            #expect(env.type == "env")
            #expect(try await env.store.secret(named: "COZE_KEY").revealedForTest == keys.generatedPKCS8)

            let dotenv = try #require(registry.keyStores["dotenv"])
            #expect(dotenv.type == "dotenv")
            #expect(dotenv.description == "dotenv (dotenv): file \(tmp.file("app.env"))")
            #expect(try await dotenv.store.secret(named: "CLIENT_SECRET").revealedForTest == "s3cr3t-client-secret")
            #expect(try RSAPrivateKey(pem: try await dotenv.store.secret(named: "COZE_KEY")).format == .pkcs1)

            let home = try #require(registry.keyStores["home"]?.store as? DotenvKeyStore)
            #expect(home.path == tmp.file("home/.env"))
            #expect(try await home.secret(named: "HOME_SECRET").revealedForTest == "from-home")
        }
    }

    @Test("building reads no file: a registry whose key files do not exist yet builds, and reading then fails")
    func buildsWithoutFiles() async throws {
        try await withTemporaryFolder { tmp in
            let json = Self.registry(keyStores: """
                { "files": { "type": "pem-file", "directory": "keys" }, "dotenv": { "type": "dotenv", "path": ".env" } }
                """)

            let registry = try Self.decode(json, in: tmp)
            let files = try #require(registry.keyStores["files"]?.store)
            let error = try #require(await #expect(throws: KeyStoreError.self) { try await files.secret(named: "coze-cn.pem") })
            #expect(error.code == .notFound)
            #expect(error.message.contains(tmp.file("keys/coze-cn.pem")))
            try expectNoSecrets(in: error)
        }
    }

    @Test("allowInsecurePermissions in the registry lets a pem-file store read a 0644 key")
    func allowInsecureFromRegistry() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.pkcs8, to: "coze-cn.pem", mode: 0o644)
            let json = Self.registry(keyStores: """
                {
                  "strict": { "type": "pem-file" },
                  "files": { "type": "pem-file", "allowInsecurePermissions": true }
                }
                """)

            let registry = try Self.decode(json, in: tmp)
            let strict = try #require(registry.keyStores["strict"]?.store)
            let lax = try #require(registry.keyStores["files"]?.store)
            #expect(try await lax.secret(named: "coze-cn.pem").revealedForTest == keys.pkcs8)
            let error = try #require(await #expect(throws: KeyStoreError.self) { try await strict.secret(named: "coze-cn.pem") })
            #expect(error.code == .insecurePermissions)
            try expectNoSecrets(in: error)
        }
    }

    @Test("a misspelt key of a store is reported at its path with a suggestion")
    func typo() throws {
        try withTemporaryFolder { tmp in
            let json = Self.registry(keyStores: #"{ "x": { "type": "pem-file", "directoy": "keys" } }"#, store: "x")

            let issues = try Self.issues(json, in: tmp)
            #expect(issues == [#"keyStores.x.directoy: unknown key; did you mean "directory"?"#])
        }
    }

    @Test("passphraseEnv and passphraseFile together are reported")
    func bothPassphrases() throws {
        try withTemporaryFolder { tmp in
            let json = Self.registry(keyStores: """
                { "x": { "type": "pem-file", "passphraseEnv": "PASS", "passphraseFile": "pass.txt" } }
                """, store: "x")

            let issues = try Self.issues(json, in: tmp)
            #expect(issues == ["keyStores.x.passphraseFile: set either passphraseEnv or passphraseFile, not both"])
        }
    }

    @Test("a dotenv store without path is reported: missing")
    func dotenvWithoutPath() throws {
        try withTemporaryFolder { tmp in
            let json = Self.registry(keyStores: #"{ "x": { "type": "dotenv" } }"#, store: "x")

            let issues = try Self.issues(json, in: tmp)
            #expect(issues == ["keyStores.x.path: missing; expected a string"])
        }
    }

    @Test("wrong value types in store settings are reported at their paths")
    func wrongTypes() throws {
        try withTemporaryFolder { tmp in
            let json = Self.registry(keyStores: """
                {
                  "x": { "type": "pem-file", "directory": 7, "allowInsecurePermissions": "yes" },
                  "y": { "type": "dotenv", "path": "" },
                  "z": { "type": "env", "prefix": "APP_" }
                }
                """, store: "x")

            let issues = try Self.issues(json, in: tmp)
            #expect(issues == [
                "keyStores.x.allowInsecurePermissions: expected true or false, got a string",
                "keyStores.x.directory: expected a string, got a number",
                "keyStores.y.path: must not be empty",
                "keyStores.z.prefix: unknown key",
            ])
        }
    }

    @Test("a PEM pasted into a store's settings is refused without repeating it")
    func inlinePEM() throws {
        let keys = try KeyFixtures.shared()
        try withTemporaryFolder { tmp in
            let pem = keys.pkcs8.replacingOccurrences(of: "\n", with: "\\n")
            let json = Self.registry(keyStores: """
                { "files": { "type": "pem-file", "directory": "\(pem)" } }
                """)

            let issues = try Self.issues(json, in: tmp)
            #expect(issues.contains { $0.hasPrefix("keyStores.files.directory: looks like a PEM key;") })
        }
    }
}
