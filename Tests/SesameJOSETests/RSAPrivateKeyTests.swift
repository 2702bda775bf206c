import Foundation
import SesameCore
import SesameJOSE
import Testing

@Suite("RSAPrivateKey: reading PEM written by the openssl CLI")
struct RSAPrivateKeyTests {
    @Test("reads PKCS#8 (BEGIN PRIVATE KEY)")
    func pkcs8() throws {
        let fixtures = try KeyFixtures.load()
        #expect(fixtures.pkcs8.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let key = try RSAPrivateKey(pem: fixtures.pkcs8.secret)
        #expect(key.format == .pkcs8)
        #expect(key.bits == 2048)
        #expect(key.publicKey.modulus == bytes(hex: fixtures.modulusHex))
        #expect(try RSAPublicKey(pem: fixtures.publicKey).matches(key))
    }

    @Test("reads PKCS#1 (BEGIN RSA PRIVATE KEY)")
    func pkcs1() throws {
        let fixtures = try KeyFixtures.load()
        #expect(fixtures.pkcs1.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let key = try RSAPrivateKey(pem: fixtures.pkcs1.secret)
        #expect(key.format == .pkcs1)
        #expect(key.bits == 2048)
        #expect(try RSAPublicKey(pem: fixtures.pkcs1PublicKey).matches(key))
        #expect(try !RSAPublicKey(pem: fixtures.publicKey).matches(key))
    }

    @Test("reads encrypted PKCS#8 with the right passphrase")
    func encryptedPKCS8() throws {
        let fixtures = try KeyFixtures.load()
        #expect(fixtures.encryptedPKCS8.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let key = try RSAPrivateKey(pem: fixtures.encryptedPKCS8.secret, passphrase: KeyFixtures.passphrase.secret)
        #expect(key.format == .encryptedPKCS8)
        #expect(try RSAPublicKey(pem: fixtures.publicKey).matches(key))
    }

    @Test("reads legacy encrypted PKCS#1 (Proc-Type: 4,ENCRYPTED) with the right passphrase")
    func encryptedPKCS1() throws {
        let fixtures = try KeyFixtures.load()
        #expect(fixtures.encryptedPKCS1.contains("Proc-Type: 4,ENCRYPTED"))
        let key = try RSAPrivateKey(pem: fixtures.encryptedPKCS1.secret, passphrase: KeyFixtures.passphrase.secret)
        #expect(key.format == .encryptedPKCS1)
        #expect(try RSAPublicKey(pem: fixtures.pkcs1PublicKey).matches(key))
    }

    @Test("an encrypted key with a wrong passphrase fails with wrongPassphrase")
    func wrongPassphrase() throws {
        let fixtures = try KeyFixtures.load()
        for pem in [fixtures.encryptedPKCS8, fixtures.encryptedPKCS1] {
            let error = #expect(throws: JOSEError.self) {
                try RSAPrivateKey(pem: pem.secret, passphrase: "correct horse battery stapler".secret)
            }
            #expect(error?.code == .wrongPassphrase)
            #expect(error?.message.contains("passphrase") == true)
        }
    }

    @Test("an encrypted key without a passphrase fails with encryptedKeyNeedsPassphrase and says a passphrase is needed")
    func missingPassphrase() throws {
        let fixtures = try KeyFixtures.load()
        for pem in [fixtures.encryptedPKCS8, fixtures.encryptedPKCS1] {
            let error = #expect(throws: JOSEError.self) { try RSAPrivateKey(pem: pem.secret) }
            #expect(error?.code == .encryptedKeyNeedsPassphrase)
            // How to configure the passphrase is the key store's and the CLI's to say (CozeKeyAdviceTests, KeysCommandTests).
            #expect(error?.message.contains("no passphrase was given") == true)
        }
    }

    @Test("text around the PEM block and CRLF line endings are tolerated")
    func lenientText() throws {
        let fixtures = try KeyFixtures.load()
        let crlf = fixtures.pkcs8.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try RSAPrivateKey(pem: crlf.secret).format == .pkcs8)
        let wrapped = "Downloaded from the Coze console\n" + fixtures.pkcs8 + "\n"
        #expect(try RSAPrivateKey(pem: wrapped.secret).format == .pkcs8)
    }

    @Test("description shows size and format, never the key")
    func description() throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPrivateKey(pem: fixtures.pkcs8.secret)
        #expect(key.description == "RSAPrivateKey(2048 bits, PKCS#8, <redacted>)")
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, String(reflecting: key), dumped] {
            #expect(!text.contains("BEGIN"))
            for line in fixtures.pkcs8.pemBodyLines {
                #expect(!text.contains(line))
            }
        }
    }
}

@Suite("RSAPrivateKey: inputs that are not an RSA private key")
struct RSAPrivateKeyRejectionTests {
    enum Input: String, CaseIterable, CustomTestStringConvertible {
        case publicKey, rsaPublicKey, ecPKCS8, ecTraditional, ed25519, certificate
        case garbage, empty, der, truncated, missingLines, corrupted, headerOnly
        var testDescription: String { rawValue }
    }

    static func pem(_ input: Input, _ fixtures: KeyFixtures) -> SecretBytes {
        switch input {
        case .publicKey: fixtures.publicKey.secret
        case .rsaPublicKey: fixtures.rsaPublicKey.secret
        case .ecPKCS8: fixtures.ecPKCS8.secret
        case .ecTraditional: fixtures.ecTraditional.secret
        case .ed25519: fixtures.ed25519.secret
        case .certificate: fixtures.certificate.secret
        case .garbage: "this is not a key, just some text pasted by mistake\n".secret
        case .empty: SecretBytes(copying: [UInt8]())
        case .der: SecretBytes(copying: fixtures.der)
        case .truncated: String(fixtures.pkcs8.prefix(fixtures.pkcs8.count / 2)).secret
        case .missingLines:
            // BEGIN and END intact, a few lines lost in the middle (a bad copy and paste).
            fixtures.pkcs8.replacingOccurrences(of: fixtures.pkcs8.pemBodyLines[5...9].joined(separator: "\n") + "\n", with: "").secret
        case .corrupted:
            // Same length and shape, but the first base64 line (the DER structure's header) overwritten.
            fixtures.pkcs8.replacingOccurrences(
                of: fixtures.pkcs8.pemBodyLines[0], with: String(repeating: "A", count: fixtures.pkcs8.pemBodyLines[0].count)
            ).secret
        case .headerOnly: "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n".secret
        }
    }

    static func expectedCode(_ input: Input) -> JOSEError.Code {
        switch input {
        case .publicKey, .rsaPublicKey: .publicKeyGiven
        case .ecPKCS8, .ecTraditional, .ed25519: .unsupportedKey
        case .certificate, .garbage, .empty, .der: .notPEM
        case .truncated, .missingLines, .corrupted, .headerOnly: .invalidKey
        }
    }

    @Test("each is refused with the code that names the problem", arguments: Input.allCases)
    func refused(input: Input) throws {
        let fixtures = try KeyFixtures.load()
        let error = #expect(throws: JOSEError.self) { try RSAPrivateKey(pem: Self.pem(input, fixtures)) }
        #expect(error?.code == Self.expectedCode(input))
    }

    @Test("no error message repeats the PEM header or any base64 line of the input", arguments: Input.allCases)
    func messagesHoldNoKeyMaterial(input: Input) throws {
        let fixtures = try KeyFixtures.load()
        let pem = Self.pem(input, fixtures)
        let error = try #require(throws: JOSEError.self) { try RSAPrivateKey(pem: pem) }
        let source = pem.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let lines = source.pemBodyLines + fixtures.pkcs8.pemBodyLines
        let headers = source.split(separator: "\n").filter { $0.hasPrefix("-----") }.map(String.init)
        for text in [error.message, error.description, String(reflecting: error)] {
            for header in headers {
                #expect(!text.contains(header))
            }
            if source.contains("-----BEGIN") {
                #expect(!text.contains("BEGIN"))
            }
            for line in lines where line.count >= 16 {
                #expect(!text.contains(line))
                #expect(!text.contains(line.prefix(16)))
            }
        }
    }

    @Test("DER bytes are recognised as such, with the conversion command")
    func derMessage() throws {
        let fixtures = try KeyFixtures.load()
        let error = try #require(throws: JOSEError.self) { try RSAPrivateKey(pem: SecretBytes(copying: fixtures.der)) }
        #expect(error.message.contains("DER"))
        #expect(error.message.contains("openssl pkey -inform DER"))
    }

    @Test("a public key says the private key is needed; a non-RSA key says RSA is needed")
    func messages() throws {
        let fixtures = try KeyFixtures.load()
        let publicError = try #require(throws: JOSEError.self) { try RSAPrivateKey(pem: fixtures.publicKey.secret) }
        #expect(publicError.message.contains("public key"))
        #expect(publicError.message.contains("private key"))
        let ecError = try #require(throws: JOSEError.self) { try RSAPrivateKey(pem: fixtures.ecPKCS8.secret) }
        #expect(ecError.message.contains("RSA"))
        let emptyError = try #require(throws: JOSEError.self) { try RSAPrivateKey(pem: SecretBytes(copying: [UInt8]())) }
        #expect(emptyError.message.contains("empty"))
    }
}
