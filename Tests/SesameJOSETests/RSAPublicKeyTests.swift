import Foundation
import SesameCore
import SesameJOSE
import SesameTestSupport
import Testing

@Suite("RSAPublicKey")
struct RSAPublicKeyTests {
    @Test("reads SubjectPublicKeyInfo (BEGIN PUBLIC KEY) with openssl's modulus and exponent, and writes it back unchanged")
    func readsSubjectPublicKeyInfo() throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPublicKey(pem: fixtures.publicKey)
        #expect(key.bits == 2048)
        #expect(key.modulus == bytes(hex: fixtures.modulusHex))
        #expect(key.exponent == [0x01, 0x00, 0x01])
        #expect(fixtures.exponent == 65537)
        #expect(key.pem == fixtures.publicKey)
    }

    @Test("matches tells its own private key from another")
    func matches() throws {
        let fixtures = try KeyFixtures.load()
        let publicKey = try RSAPublicKey(pem: fixtures.publicKey)
        #expect(publicKey.matches(try RSAPrivateKey(pem: fixtures.pkcs8.secret)))
        #expect(publicKey.matches(try RSAPrivateKey(pem: fixtures.encryptedPKCS8.secret, passphrase: KeyFixtures.passphrase.secret)))
        #expect(!publicKey.matches(try RSAPrivateKey(pem: fixtures.pkcs1.secret)))
    }

    @Test("the thumbprint is the RFC 7638 one, computed independently from openssl's modulus and digest")
    func thumbprintOfOpenSSLKey() throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPublicKey(pem: fixtures.publicKey)
        // RFC 7638 §3: the required members in lexicographic order, no whitespace.
        var exponent = fixtures.exponent
        var exponentBytes: [UInt8] = []
        while exponent > 0 {
            exponentBytes.insert(UInt8(exponent & 0xFF), at: 0)
            exponent >>= 8
        }
        let jwk = #"{"e":"\#(independentBase64URL(exponentBytes))","kty":"RSA","n":"\#(independentBase64URL(bytes(hex: fixtures.modulusHex)))"}"#
        let digest = try OpenSSLCLI.succeed(["dgst", "-sha256", "-binary"], input: Data(jwk.utf8)).stdout
        #expect(digest.count == 32)
        #expect(key.thumbprint == independentBase64URL(digest))
        #expect(key.thumbprint.count == 43)
        #expect(key.description.contains(key.thumbprint))
    }

    @Test("the RFC 7638 §3.1 example key has thumbprint NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    func rfc7638Example() throws {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        var base64 = n.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let modulus = try #require(Data(base64Encoded: base64))
        let modulusHex = modulus.map { String(format: "%02X", $0) }.joined()

        // Build the key with openssl: an ASN.1 RSAPublicKey from n and e, then SubjectPublicKeyInfo PEM.
        let folder = try TemporaryFolder()
        let config = try folder.write("asn1=SEQUENCE:key\n[key]\nn=INTEGER:0x\(modulusHex)\ne=INTEGER:0x010001\n", to: "key.cnf")
        try OpenSSLCLI.succeed(["asn1parse", "-genconf", config, "-noout", "-out", folder.file("key.der")])
        let pem = try OpenSSLCLI.succeed(["rsa", "-RSAPublicKey_in", "-inform", "DER", "-in", folder.file("key.der"), "-pubout"]).text

        let key = try RSAPublicKey(pem: pem)
        #expect(key.modulus == Array(modulus))
        #expect(key.exponent == [0x01, 0x00, 0x01])
        #expect(key.thumbprint == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    @Test("inputs that are not an RSA public key are refused", arguments: [
        ("private key", JOSEError.Code.invalidKey),
        ("EC public key", .unsupportedKey),
        ("certificate", .notPEM),
        ("text", .notPEM),
        ("damaged", .invalidKey),
    ])
    func refused(input: String, code: JOSEError.Code) throws {
        let fixtures = try KeyFixtures.load()
        let pem: String
        switch input {
        case "private key": pem = fixtures.pkcs8
        case "EC public key": pem = try OpenSSLCLI.succeed(["pkey", "-pubout"], input: Data(fixtures.ecPKCS8.utf8)).text
        case "certificate": pem = fixtures.certificate
        case "damaged": pem = String(fixtures.publicKey.prefix(120))
        default: pem = "not a key"
        }
        let error = #expect(throws: JOSEError.self) { try RSAPublicKey(pem: pem) }
        #expect(error?.code == code)
        #expect(error?.message.contains("BEGIN PRIVATE") != true)
        for line in fixtures.pkcs8.pemBodyLines {
            #expect(error?.message.contains(line) != true)
        }
    }
}
