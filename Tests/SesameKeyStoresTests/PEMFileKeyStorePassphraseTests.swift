import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("PEMFileKeyStore: encrypted keys and their passphrase")
struct PEMFileKeyStorePassphraseTests {
    static let variable = "SESAME_TEST_KEY_PASSPHRASE"

    enum EncryptedForm: String, CaseIterable, Sendable {
        case pkcs8 = "encrypted PKCS#8"
        case legacyPKCS1 = "legacy encrypted PKCS#1"

        func pem(in keys: KeyFixtures) -> String {
            switch self {
            case .pkcs8: keys.encryptedPKCS8
            case .legacyPKCS1: keys.encryptedPKCS1
            }
        }
    }

    private func store(
        _ tmp: TemporaryFolder,
        variable: String? = Self.variable,
        file: String? = nil,
        environment: @escaping @Sendable (String) -> String?
    ) -> PEMFileKeyStore {
        PEMFileKeyStore(
            directory: tmp.path, baseDirectory: "/", passphraseVariable: file == nil ? variable : nil, passphraseFile: file,
            environment: environment, homeDirectory: tmp.path
        )
    }

    /// Checks that `secret` is an unencrypted PKCS#8 PEM of the fixture key.
    private func expectDecryptedFixture(_ secret: SecretBytes, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let keys = try KeyFixtures.shared()
        let text = secret.revealedForTest
        #expect(text.hasPrefix("-----BEGIN PRIVATE KEY-----\n"), sourceLocation: sourceLocation)
        #expect(!text.contains("ENCRYPTED"), sourceLocation: sourceLocation)
        let key = try RSAPrivateKey(pem: secret)
        #expect(key.format == .pkcs8, sourceLocation: sourceLocation)
        #expect(key.bits == 2048, sourceLocation: sourceLocation)
        #expect(key.publicKey.thumbprint == keys.thumbprint, sourceLocation: sourceLocation)
        #expect(key.publicKey.thumbprint == (try RSAPrivateKey(pem: keys.pkcs8.secret).publicKey.thumbprint), sourceLocation: sourceLocation)
    }

    @Test("an encrypted key is decrypted with the passphrase from passphraseVariable", arguments: EncryptedForm.allCases)
    func decryptsWithVariable(form: EncryptedForm) async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(form.pem(in: keys), to: "key.pem")
            let store = store(tmp, environment: environment([Self.variable: KeyFixtures.passphrase]))

            try expectDecryptedFixture(try await store.secret(named: "key.pem"))
            #expect(store.description == "directory \(tmp.path), passphrase from $\(Self.variable)")
        }
    }

    @Test("a wrong passphrase is .passphrase and the message shows neither passphrase", arguments: EncryptedForm.allCases)
    func wrongPassphrase(form: EncryptedForm) async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let path = try tmp.write(form.pem(in: keys), to: "key.pem")
            let store = store(tmp, environment: environment([Self.variable: KeyFixtures.wrongPassphrase]))

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .passphrase)
            #expect(error.message == "the passphrase from $\(Self.variable) does not decrypt key file \(path); check it, or re-encrypt the key")
            #expect(!error.message.contains(KeyFixtures.wrongPassphrase))
            try expectNoSecrets(in: error)
        }
    }

    @Test("an unset passphrase variable is .passphrase and names the variable")
    func unsetVariable() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.encryptedPKCS8, to: "key.pem")
            let store = store(tmp, environment: environment(["OTHER": KeyFixtures.passphrase]))

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .passphrase)
            #expect(error.message == "the key is encrypted and its passphrase variable \(Self.variable) is not set; export \(Self.variable)")
            try expectNoSecrets(in: error)
        }
    }

    @Test("an empty passphrase variable is .passphrase and names the variable")
    func emptyVariable() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.encryptedPKCS8, to: "key.pem")
            let store = store(tmp, environment: environment([Self.variable: ""]))

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .passphrase)
            #expect(error.message.contains("passphrase variable \(Self.variable) is empty"))
            try expectNoSecrets(in: error)
        }
    }

    @Test("a passphrase file (mode 0600) works with or without a final line break", arguments: ["\n", "\r\n", ""])
    func passphraseFile(ending: String) async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.encryptedPKCS8, to: "key.pem")
            let passphraseFile = try tmp.write(KeyFixtures.passphrase + ending, to: "passphrase")
            let store = store(tmp, file: passphraseFile, environment: emptyEnvironment)

            try expectDecryptedFixture(try await store.secret(named: "key.pem"))
            #expect(store.description == "directory \(tmp.path), passphrase from \(passphraseFile)")
        }
    }

    @Test("a passphrase file readable by others is refused with the chmod that fixes it")
    func insecurePassphraseFile() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.encryptedPKCS8, to: "key.pem")
            let passphraseFile = try tmp.write(KeyFixtures.passphrase + "\n", to: "passphrase", mode: 0o644)
            let store = store(tmp, file: passphraseFile, environment: emptyEnvironment)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .passphrase)
            #expect(error.message == "passphrase file \(passphraseFile) has mode 0644 (group/others can read it); fix: chmod 600 \(passphraseFile)")
            let underlying = try #require(error.underlying as? KeyStoreError)
            #expect(underlying.code == .insecurePermissions)
            try expectNoSecrets(in: error)
        }
    }

    @Test("a missing passphrase file is .passphrase and names the file")
    func missingPassphraseFile() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.encryptedPKCS8, to: "key.pem")
            let passphraseFile = tmp.file("absent-passphrase")
            let store = store(tmp, file: passphraseFile, environment: emptyEnvironment)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .passphrase)
            #expect(error.message == "passphrase file \(passphraseFile) does not exist")
            #expect((error.underlying as? KeyStoreError)?.code == .notFound)
            try expectNoSecrets(in: error)
        }
    }

    @Test("a passphrase file holding only a line break is .passphrase: empty")
    func emptyPassphraseFile() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.encryptedPKCS8, to: "key.pem")
            let passphraseFile = try tmp.write("\n", to: "passphrase")
            let store = store(tmp, file: passphraseFile, environment: emptyEnvironment)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .passphrase)
            #expect(error.message.contains("passphrase file \(passphraseFile) is empty"))
            try expectNoSecrets(in: error)
        }
    }

    @Test("a passphrase file with the wrong passphrase is .passphrase and does not show it")
    func wrongPassphraseFile() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let path = try tmp.write(keys.encryptedPKCS8, to: "key.pem")
            let passphraseFile = try tmp.write(KeyFixtures.wrongPassphrase + "\n", to: "passphrase")
            let store = store(tmp, file: passphraseFile, environment: emptyEnvironment)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "key.pem") })
            #expect(error.code == .passphrase)
            #expect(error.message == "the passphrase from \(passphraseFile) does not decrypt key file \(path); check it, or re-encrypt the key")
            try expectNoSecrets(in: error)
        }
    }

    @Test("an unencrypted key is returned as is even when the passphrase variable is unset")
    func plainKeyIgnoresPassphrase() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.pkcs1, to: "key.pem")
            let store = store(tmp, environment: emptyEnvironment)

            #expect(try await store.secret(named: "key.pem").bytesForTest == Array(keys.pkcs1.utf8))
        }
    }

    @Test("without a passphrase configured, an encrypted key is returned as is and RSAPrivateKey asks for its passphrase")
    func encryptedWithoutPassphrase() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            try tmp.write(keys.encryptedPKCS8, to: "key.pem")
            let store = PEMFileKeyStore(directory: tmp.path, baseDirectory: "/", environment: emptyEnvironment, homeDirectory: tmp.path)

            let secret = try await store.secret(named: "key.pem")
            #expect(secret.bytesForTest == Array(keys.encryptedPKCS8.utf8))
            let error = try #require(#expect(throws: JOSEError.self) { try RSAPrivateKey(pem: secret) })
            #expect(error.code == .encryptedKeyNeedsPassphrase)
            #expect(error.message.contains("no passphrase was given"))
            // The store's options are named by the layer that parses the key it hands over: CozeKeyAdviceTests.
            try expectNoSecrets(in: error)
        }
    }
}
