import Foundation
import SesameCore
import SesameJOSE
import SesameTestSupport
import Testing

@Suite("RSAPrivateKey: generation and PEM output")
struct RSAKeyGenerationTests {
    @Test("generate(bits: 2048) makes a new 2048-bit key with exponent 65537")
    func generate() throws {
        let key = try RSAPrivateKey.generate(bits: 2048)
        #expect(key.bits == 2048)
        #expect(key.format == .generated)
        #expect(key.description == "RSAPrivateKey(2048 bits, generated, <redacted>)")
        #expect(key.publicKey.bits == 2048)
        #expect(key.publicKey.exponent == [0x01, 0x00, 0x01])
        #expect(key.publicKey.matches(key))

        let message = Array("same message".utf8)
        let signature = try key.sign(message)
        #expect(signature.count == 256)
        #expect(key.publicKey.verify(signature: signature, for: message))

        let other = try RSAPrivateKey.generate()
        #expect(other.publicKey.modulus != key.publicKey.modulus)
        #expect(!other.publicKey.matches(key))
        #expect(!other.publicKey.verify(signature: signature, for: message))
    }

    @Test("sizes other than 2048, 3072 and 4096 are refused", arguments: [512, 1024, 2047, 2049, 8192, 0, -1])
    func unsupportedSizes(bits: Int) {
        let error = #expect(throws: JOSEError.self) { try RSAPrivateKey.generate(bits: bits) }
        #expect(error?.code == .generationFailed)
        #expect(error?.message.contains("2048") == true)
    }

    @Test("pem(.pkcs8) and pem(.pkcs1) round-trip through RSAPrivateKey(pem:)", arguments: PrivateKeyEncoding.allCases)
    func roundTrip(encoding: PrivateKeyEncoding) throws {
        let key = try RSAPrivateKey.generate()
        let pem = try key.pem(encoding)
        let text = pem.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let header = encoding == .pkcs8 ? "-----BEGIN PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----"
        #expect(text.hasPrefix(header))
        #expect(pem.description == "<redacted \(pem.count) bytes>")

        let read = try RSAPrivateKey(pem: pem)
        #expect(read.format == (encoding == .pkcs8 ? .pkcs8 : .pkcs1))
        #expect(read.publicKey.matches(key))
        #expect(key.publicKey.matches(read))
        #expect(read.publicKey.thumbprint == key.publicKey.thumbprint)
        let message = Array("round trip".utf8)
        #expect(try read.sign(message) == key.sign(message))
    }

    @Test("the openssl CLI checks both PEM forms as valid keys with the same modulus", arguments: PrivateKeyEncoding.allCases)
    func opensslChecksOutput(encoding: PrivateKeyEncoding) throws {
        let key = try RSAPrivateKey.generate()
        let folder = try TemporaryFolder()
        let path = try folder.write(Data(try key.pem(encoding).withUnsafeBytes { Array($0) }), to: "key.pem")

        let check = try OpenSSLCLI.run(["pkey", "-check", "-noout", "-in", path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.text.contains("Key is valid"))
        let rsaCheck = try OpenSSLCLI.run(["rsa", "-check", "-noout", "-in", path])
        #expect(rsaCheck.status == 0, "\(rsaCheck.stderr)")
        #expect(rsaCheck.text.contains("RSA key ok"))

        let modulus = try OpenSSLCLI.succeed(["rsa", "-in", path, "-modulus", "-noout"]).text
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(modulus == "Modulus=" + key.publicKey.modulus.map { String(format: "%02X", $0) }.joined())
    }

    @Test("the public key PEM is SubjectPublicKeyInfo that openssl reads, and the same text openssl derives")
    func publicPEM() throws {
        let key = try RSAPrivateKey.generate()
        let pem = key.publicKey.pem
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let output = try OpenSSLCLI.succeed(["pkey", "-pubin", "-noout", "-text"], input: Data(pem.utf8))
        #expect(output.text.contains("2048 bit"))
        #expect(try RSAPublicKey(pem: pem).matches(key))

        let derived = try OpenSSLCLI.succeed(["pkey", "-pubout"], input: Data(try key.pem().withUnsafeBytes { Array($0) })).text
        #expect(pem == derived)
    }
}
