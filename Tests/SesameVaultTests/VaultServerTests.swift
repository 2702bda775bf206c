import Foundation
import Sesame
import SesameTestSupport
@testable import SesameVault
import Testing

/// The library as a server uses it: a `sodium-vault` store built by the registry, no terminal, no CLI.
@Suite("Vault in a server: no terminal, no waiting, the fix in the error")
struct VaultServerTests {
    static func store(_ section: String, directory: String, environment variables: [String: String]) throws -> any KeyStore {
        let json = """
        {
          "version": 1,
          "keyStores": { "vault": \(section) },
          "providers": {
            "coze-com": {
              "type": "coze-jwt", "region": "com", "appId": "1133483935040", "keyId": "test-key-id",
              "privateKey": { "store": "vault", "name": "a" }
            }
          }
        }
        """
        let registry = try Registry.decode(
            Data(json.utf8), source: "providers.json", directory: directory, plugins: .builtIn,
            context: RegistryContext(transport: NoNetworkTransport(), environment: { variables[$0] }, homeDirectory: directory)
        )
        return try #require(registry.keyStores["vault"]?.store)
    }

    @Test("a registry-built store without a passphrase fails at once with .passphrase, naming the variable to set")
    func missingPassphrase() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let store = try Self.store(#"{ "type": "sodium-vault", "path": "vault" }"#, directory: fixture.directory.path, environment: [:])
            let error = await #expect(throws: KeyStoreError.self) { _ = try await store.secret(named: "a") }
            #expect(error?.code == .passphrase)
            #expect(error?.message == "no passphrase for vault \(fixture.path): set SESAME_VAULT_PASSPHRASE or configure a passphrase file")
            #expect((error?.underlying as? VaultError)?.code == .noPassphrase)
            let named = try Self.store(
                #"{ "type": "sodium-vault", "path": "vault", "passphraseEnv": "APP_VAULT_PASSPHRASE" }"#,
                directory: fixture.directory.path, environment: ["SESAME_VAULT_PASSPHRASE_FILE": "/nonexistent"]
            )
            let namedError = await #expect(throws: KeyStoreError.self) { _ = try await named.secret(named: "a") }
            #expect(namedError?.message == "no passphrase for vault \(fixture.path): set APP_VAULT_PASSPHRASE or configure a passphrase file")
        }
    }

    @Test("a program on a terminal without a passphrase is never prompted: noPassphrase at once, nothing shown")
    func neverPrompts() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let environment = SesameBinary.environment(adding: ["TERM": "dumb"], removing: ["SESAME_*"])
            let terminal = try PseudoTerminal(try HelperProcess.path(), HelperProcess.arguments("list", vault: fixture.path, []), environment: environment)
            // Were it prompted, the helper would wait for the typed passphrase: stop it, and let the
            // prompt on the terminal fail the test.
            let pid = terminal.pid
            let watchdog = Task.detached {
                try await Task.sleep(for: .seconds(60))
                kill(pid, SIGKILL)
            }
            let (shown, status) = await offPool { () -> (String, Int32) in
                let shown = terminal.output(drain: true)
                return (shown, terminal.wait())
            }
            watchdog.cancel()
            #expect(shown.contains("HELPER-ERROR noPassphrase no passphrase for vault \(fixture.path)"))
            #expect(!shown.contains("Passphrase for vault"))
            #expect(status >> 8 == 1)
        }
    }

    @Test("passphraseEnv and passphraseFile together are a registry error, as for pem-file", arguments: ["sodium-vault", "pem-file"])
    func bothSources(type: String) async throws {
        try await withVault { fixture in
            let path = type == "sodium-vault" ? #", "path": "vault""# : ""
            let section = #"{ "type": "\#(type)"\#(path), "passphraseEnv": "PASS", "passphraseFile": "pass.txt" }"#
            let error = try #require(throws: RegistryError.self) {
                _ = try Self.store(section, directory: fixture.directory.path, environment: [:])
            }
            #expect(error.issues.map(\.description).contains { $0.hasPrefix("keyStores.vault.passphraseFile: set either passphraseEnv or passphraseFile, not both") })
        }
    }

    @Test("a passphrase file means the same for pem-file and sodium-vault: one line break stripped, mode 0600 required", arguments: ["\n", "\r\n", ""])
    func samePassphraseFile(ending: String) async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let file = try fixture.directory.write(TestSecrets.passphrase + ending, to: "pass.txt")
            let store = try Self.store(#"{ "type": "sodium-vault", "path": "vault", "passphraseFile": "pass.txt" }"#, directory: fixture.directory.path, environment: [:])
            #expect(try await store.secret(named: "a").revealedForTest == "opaque-secret-value-1234")
            let encrypted = try await offPool { try TestKeys.pair(0).encryptedPKCS8PEM(passphrase: TestSecrets.passphrase) }
            try fixture.directory.write(encrypted, to: "key.pem")
            let pem = try Self.store(#"{ "type": "pem-file", "passphraseFile": "pass.txt" }"#, directory: fixture.directory.path, environment: [:])
            #expect(try await pem.secret(named: "key.pem").revealedForTest.hasPrefix("-----BEGIN PRIVATE KEY-----"))

            try fixture.directory.write(TestSecrets.passphrase + ending, to: "pass.txt", mode: 0o640)
            // A new store: the first one keeps its unlocked key and does not read the file again.
            let fresh = try Self.store(#"{ "type": "sodium-vault", "path": "vault", "passphraseFile": "pass.txt" }"#, directory: fixture.directory.path, environment: [:])
            let vaultError = await #expect(throws: KeyStoreError.self) { _ = try await fresh.secret(named: "a") }
            let pemError = await #expect(throws: KeyStoreError.self) { _ = try await pem.secret(named: "key.pem") }
            #expect(vaultError?.message.contains("passphrase file \(file) has mode 0640") == true)
            #expect(pemError?.message.contains("passphrase file \(file) has mode 0640") == true)
            #expect(vaultError?.message.hasSuffix("fix: chmod 600 \(file)") == true)
            #expect(pemError?.message.hasSuffix("fix: chmod 600 \(file)") == true)
        }
    }
}
