import Foundation
import Sesame
import SesameTestSupport
@testable import SesameVault
import Synchronization
import Testing

@Suite("SodiumVaultKeyStore: the vault as a key store")
struct SodiumVaultKeyStoreTests {
    static func registryJSON(store: String) -> String {
        """
        {
          "version": 1,
          "keyStores": { "vault": \(store) },
          "providers": {
            "coze-com": {
              "type": "coze-jwt", "region": "com", "appId": "1133483935040", "keyId": "test-key-id",
              "privateKey": { "store": "vault", "name": "coze-com" }
            }
          }
        }
        """
    }

    static var plugins: PluginSet {
        var plugins = PluginSet.builtIn
        if plugins.keyStores["sodium-vault"] == nil { plugins.registerVault() }
        return plugins
    }

    static func decode(_ json: String, directory: String, environment variables: [String: String]) throws -> Registry {
        try Registry.decode(
            Data(json.utf8), source: "providers.json", directory: directory, plugins: plugins,
            context: RegistryContext(transport: NoNetworkTransport(), environment: { variables[$0] }, homeDirectory: directory + "/home")
        )
    }

    @Test("declared in providers.json, the store resolves its path and reads a PEM entry")
    func registry() async throws {
        try await withVault { fixture in
            let pem = try TestSecrets.pem()
            try fixture.created().put(pem.secret, named: "coze-com", kind: .pemPrivateKey)
            let json = Self.registryJSON(store: #"{ "type": "sodium-vault", "path": "vault", "passphraseEnv": "MY_VAULT_PASSPHRASE" }"#)
            let registry = try Self.decode(json, directory: fixture.directory.path, environment: ["MY_VAULT_PASSPHRASE": TestSecrets.passphrase])
            let store = try #require(registry.keyStores["vault"])
            #expect(store.type == "sodium-vault")
            let vaultStore = try #require(store.store as? SodiumVaultKeyStore)
            #expect(vaultStore.vault.path == fixture.path)
            #expect(store.description == "vault (sodium-vault): file \(fixture.path), passphrase from $MY_VAULT_PASSPHRASE")
            let secret = try await store.store.secret(named: "coze-com")
            #expect(secret.revealedForTest == pem)
            #expect(try RSAPrivateKey(pem: secret).bits == 2048)
        }
    }

    @Test("~ expands to the home folder; the default variable is SESAME_VAULT_PASSPHRASE; passphraseFile is read")
    func registryPaths() async throws {
        try await withVault { fixture in
            let home = fixture.directory.file("home")
            try FileManager.default.createDirectory(atPath: home + "/.config/sesame", withIntermediateDirectories: true)
            let path = home + "/.config/sesame/vault"
            let vault = Vault(path: path, configuration: fixture.configuration())
            try vault.create(kdf: .interactive)
            try vault.put("opaque-secret-value-1234".secret, named: "coze-com", kind: .opaque)

            let json = Self.registryJSON(store: #"{ "type": "sodium-vault", "path": "~/.config/sesame/vault" }"#)
            let registry = try Self.decode(json, directory: fixture.directory.path, environment: ["SESAME_VAULT_PASSPHRASE": TestSecrets.passphrase])
            #expect(try await registry.keyStores["vault"]?.store.secret(named: "coze-com").revealedForTest == "opaque-secret-value-1234")

            try fixture.directory.write(TestSecrets.passphrase + "\n", to: "pass")
            let withFile = Self.registryJSON(store: #"{ "type": "sodium-vault", "path": "~/.config/sesame/vault", "passphraseFile": "pass" }"#)
            let fileRegistry = try Self.decode(withFile, directory: fixture.directory.path, environment: [:])
            #expect(try await fileRegistry.keyStores["vault"]?.store.secret(named: "coze-com").revealedForTest == "opaque-secret-value-1234")
        }
    }

    @Test("registry errors: a missing path, an unknown key, a bad variable name")
    func registryErrors() async throws {
        try await withVault { fixture in
            let json = Self.registryJSON(store: #"{ "type": "sodium-vault", "pathh": "vault", "passphraseEnv": "1 BAD" }"#)
            let error = try #require(throws: RegistryError.self) { try Self.decode(json, directory: fixture.directory.path, environment: [:]) }
            let issues = error.issues.map(\.description)
            #expect(issues.contains { $0.hasPrefix("keyStores.vault.path: missing") })
            #expect(issues.contains { $0.hasPrefix("keyStores.vault.pathh: unknown key") })
            #expect(issues.contains { $0.hasPrefix("keyStores.vault.passphraseEnv:") })
        }
    }

    @Test("after the first unlock, reads do not run the KDF again")
    func cachedReads() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let store = SodiumVaultKeyStore(vault: fixture.vault())
            let before = fixture.counter.count
            for _ in 0..<200 {
                #expect(try await store.secret(named: "a").revealedForTest == "opaque-secret-value-1234")
            }
            #expect(try await store.names() == ["a"])
            #expect(fixture.counter.count == before + 1)
        }
    }

    @Test("concurrent first reads run the KDF once")
    func singleUnlock() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let store = SodiumVaultKeyStore(vault: fixture.vault())
            let before = fixture.counter.count
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<16 { group.addTask { try await store.secret(named: "a").revealedForTest } }
                for try await value in group { #expect(value == "opaque-secret-value-1234") }
            }
            #expect(fixture.counter.count == before + 1)
        }
    }

    @Test("an external put or passwd is seen at the next read without a KDF call; a rotated key needs the passphrase again")
    func externalChanges() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let passphrase = Mutex(TestSecrets.passphrase)
            var configuration = fixture.configuration()
            configuration.passphrase = PassphraseResolver(provider: { _ in SecretBytes(utf8: passphrase.withLock { $0 }) })
            let store = SodiumVaultKeyStore(vault: Vault(path: fixture.path, configuration: configuration))
            #expect(try await store.names() == ["a"])
            let unlocked = fixture.counter.count

            let other = Vault(path: fixture.path, configuration: fixture.configuration())
            try other.put("external-value".secret, named: "b", kind: .opaque)
            let afterPut = fixture.counter.count
            #expect(try await store.secret(named: "b").revealedForTest == "external-value")
            #expect(fixture.counter.count == afterPut)

            try other.changePassphrase(newPassphrase: .newPassphrase(file: nil, environment: .fixed([PassphraseResolver.newPassphraseVariable: TestSecrets.newPassphrase])))
            let afterPasswd = fixture.counter.count
            #expect(try await store.names() == ["a", "b"])
            #expect(fixture.counter.count == afterPasswd)

            let rotating = Vault(path: fixture.path, configuration: fixture.configuration(passphrase: TestSecrets.newPassphrase))
            try rotating.changePassphrase(newPassphrase: .newPassphrase(file: nil, environment: .fixed([PassphraseResolver.newPassphraseVariable: TestSecrets.passphrase + "!"])), rotateKey: true)
            let afterRotate = fixture.counter.count
            let stale = await #expect(throws: KeyStoreError.self) { _ = try await store.names() }
            #expect(stale?.code == .passphrase)
            passphrase.withLock { $0 = TestSecrets.passphrase + "!" }
            #expect(try await store.names() == ["a", "b"])
            #expect(fixture.counter.count == afterRotate + 2)
            _ = unlocked
        }
    }

    @Test("store, remove and names write through the vault; a PEM is stored as kind pem")
    func writes() async throws {
        try await withVault { fixture in
            try fixture.created()
            let store = SodiumVaultKeyStore(vault: fixture.vault())
            try await store.store(try TestSecrets.pem().secret, named: "key", replace: false)
            try await store.store("opaque-secret-value-1234".secret, named: "token", replace: false)
            #expect(try await store.entries().map(\.kind) == [.pemPrivateKey, .opaque])
            let exists = await #expect(throws: KeyStoreError.self) { try await store.store("x-value".secret, named: "token", replace: false) }
            #expect(exists?.code == .alreadyExists)
            try await store.remove(named: "token")
            #expect(try await store.names() == ["key"])
            // Writes reuse the cached key: one KDF for create, one for the first write.
            #expect(fixture.counter.count == 2)
            #expect(try fixture.vault().entries().map(\.name) == ["key"])
        }
    }

    @Test("a missing entry is KeyStoreError.notFound with the vault error underneath; an invalid name too, without echoing it")
    func notFound() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let store = SodiumVaultKeyStore(vault: fixture.vault())
            let missing = await #expect(throws: KeyStoreError.self) { _ = try await store.secret(named: "nope") }
            #expect(missing?.code == .notFound)
            #expect((missing?.underlying as? VaultError)?.code == .entryNotFound)
            let invalid = await #expect(throws: KeyStoreError.self) { _ = try await store.secret(named: "has space secret") }
            #expect(invalid?.code == .notFound)
            #expect(invalid?.message.contains("has space") == false)
            let noVault = SodiumVaultKeyStore(vault: Vault(path: fixture.directory.file("absent"), configuration: fixture.configuration()))
            let absent = await #expect(throws: KeyStoreError.self) { _ = try await noVault.secret(named: "a") }
            #expect(absent?.code == .unreadable)
            #expect(absent?.message.contains("sesame vault init") == true)
        }
    }
}
