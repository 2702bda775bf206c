import SesameCore
import SesameJOSE
import Testing

@Suite("JOSE errors say what is wrong with the key, and nothing of the layers above")
struct JOSEMessageTests {
    /// Words of the layers above JOSE: the provider, the CLI, the key stores' options, the registry.
    static let upperLayerWords = ["Coze", "coze", "sesame ", "passphraseEnv", "passphraseFile", "pem-file", "providers.json", "private_key.pem"]

    static func pem(_ label: String, _ body: String) -> String {
        "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    /// A throwaway Ed25519 key pair (valid keys of a type RS256 cannot use).
    static let ed25519Private = pem("PRIVATE KEY", "MC4CAQAwBQYDK2VwBCIEICvTd7RJDXVhUezcP1TjZ1NxAll9O/m6YeRodHIn1eEh")
    static let ed25519Public = pem("PUBLIC KEY", "MCowBQYDK2VwAyEA9uEtvG+ASLoNI8ARqThLkC8oAIMO8+foTRcJi3f3TCs=")

    /// A private key input, and the code it fails with.
    struct PrivateInput: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        var passphrase: String?
        let code: JOSEError.Code
        var testDescription: String { name }
    }

    static let privateInputs: [PrivateInput] = [
        PrivateInput(name: "empty", bytes: [], code: .notPEM),
        PrivateInput(name: "text", bytes: Array("hello".utf8), code: .notPEM),
        PrivateInput(name: "DER", bytes: [0x30, 0x82, 0x04, 0xBE, 0x02, 0x01, 0x00], code: .notPEM),
        PrivateInput(name: "certificate", bytes: Array(pem("CERTIFICATE", "MIIB").utf8), code: .notPEM),
        PrivateInput(name: "public key", bytes: Array(ed25519Public.utf8), code: .publicKeyGiven),
        PrivateInput(name: "EC label", bytes: Array(pem("EC PRIVATE KEY", "MHcCAQEE").utf8), code: .unsupportedKey),
        PrivateInput(name: "Ed25519 PKCS#8", bytes: Array(ed25519Private.utf8), code: .unsupportedKey),
        PrivateInput(name: "damaged PKCS#8", bytes: Array(pem("PRIVATE KEY", "AAAA").utf8), code: .invalidKey),
        PrivateInput(name: "encrypted, no passphrase", bytes: Array(pem("ENCRYPTED PRIVATE KEY", "AAAA").utf8), code: .encryptedKeyNeedsPassphrase),
        PrivateInput(name: "encrypted, a passphrase", bytes: Array(pem("ENCRYPTED PRIVATE KEY", "AAAA").utf8), passphrase: "guess", code: .wrongPassphrase),
    ]

    @Test("every private key failure has its code and names no provider, store option or command", arguments: privateInputs)
    func privateKeyMessages(input: PrivateInput) throws {
        let error = try #require(throws: JOSEError.self) {
            try RSAPrivateKey(pem: SecretBytes(copying: input.bytes), passphrase: input.passphrase.map { SecretBytes(utf8: $0) })
        }
        #expect(error.code == input.code, "\(error.message)")
        for word in Self.upperLayerWords {
            #expect(!error.message.contains(word), "\"\(word)\" in: \(error.message)")
        }
    }

    @Test("an encrypted key without a passphrase says one is needed and how to decrypt it instead")
    func missingPassphraseAdvice() throws {
        let error = try #require(throws: JOSEError.self) { try RSAPrivateKey(pem: SecretBytes(utf8: Self.pem("ENCRYPTED PRIVATE KEY", "AAAA"))) }
        #expect(error.message == "the private key is encrypted and no passphrase was given; give its passphrase, or decrypt it: openssl pkey -in KEY -out KEY.plain.pem")
    }

    @Test("public key failures name no provider or command either", arguments: [
        (Self.ed25519Private, JOSEError.Code.invalidKey),
        (Self.ed25519Public, JOSEError.Code.unsupportedKey),
        (Self.pem("CERTIFICATE", "MIIB"), JOSEError.Code.notPEM),
        ("hello", JOSEError.Code.notPEM),
        (Self.pem("PUBLIC KEY", "AAAA"), JOSEError.Code.invalidKey),
    ])
    func publicKeyMessages(pem: String, code: JOSEError.Code) throws {
        let error = try #require(throws: JOSEError.self) { try RSAPublicKey(pem: pem) }
        #expect(error.code == code, "\(error.message)")
        for word in Self.upperLayerWords {
            #expect(!error.message.contains(word), "\"\(word)\" in: \(error.message)")
        }
    }
}
