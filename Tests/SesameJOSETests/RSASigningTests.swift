import Foundation
import SesameCore
import SesameJOSE
import SesameTestSupport
import Testing

@Suite("RS256 signing and verification")
struct RSASigningTests {
    static let message = Array(#"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMTMzNDgzOTM1MDQwIn0"#.utf8)

    @Test("a signature verifies with `openssl dgst -sha256 -verify` and with RSAPublicKey.verify")
    func signatureVerifies() throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPrivateKey(pem: fixtures.pkcs8.secret)
        let signature = try key.sign(Self.message)
        #expect(signature.count == 256)

        let folder = try TemporaryFolder()
        let publicPath = try folder.write(fixtures.publicKey, to: "public.pem")
        let signaturePath = try folder.write(Data(signature), to: "signature.bin")
        let messagePath = try folder.write(Data(Self.message), to: "message.txt")
        let verified = try OpenSSLCLI.run(["dgst", "-sha256", "-verify", publicPath, "-signature", signaturePath, messagePath])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.text.contains("Verified OK"))

        #expect(try RSAPublicKey(pem: fixtures.publicKey).verify(signature: signature, for: Self.message))
        #expect(key.publicKey.verify(signature: signature, for: Self.message))
    }

    @Test("signatures are identical to openssl's (RSASSA-PKCS1-v1_5 is deterministic)")
    func sameAsOpenSSL() throws {
        let fixtures = try KeyFixtures.load()
        let folder = try TemporaryFolder()
        let keyPath = try folder.write(fixtures.pkcs1, to: "key.pem")
        let messagePath = try folder.write(Data(Self.message), to: "message.txt")
        let opensslSignature = try OpenSSLCLI.succeed(["dgst", "-sha256", "-sign", keyPath, messagePath]).stdout

        let key = try RSAPrivateKey(pem: fixtures.pkcs1.secret)
        #expect(try key.sign(Self.message) == Array(opensslSignature))
        #expect(try RSAPublicKey(pem: fixtures.pkcs1PublicKey).verify(signature: opensslSignature, for: Self.message))
    }

    @Test("a tampered message, a tampered signature or another key fails verification")
    func tamperingFails() throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPrivateKey(pem: fixtures.pkcs8.secret)
        let signature = try key.sign(Self.message)
        let publicKey = try RSAPublicKey(pem: fixtures.publicKey)

        var message = Self.message
        message[10] ^= 0x01
        #expect(!publicKey.verify(signature: signature, for: message))
        #expect(!publicKey.verify(signature: signature, for: Self.message + [0x20]))

        var badSignature = signature
        badSignature[100] ^= 0x80
        #expect(!publicKey.verify(signature: badSignature, for: Self.message))
        #expect(!publicKey.verify(signature: signature.dropLast(), for: Self.message))
        #expect(!publicKey.verify(signature: [UInt8](), for: Self.message))

        #expect(try !RSAPublicKey(pem: fixtures.pkcs1PublicKey).verify(signature: signature, for: Self.message))

        let folder = try TemporaryFolder()
        let otherPublic = try folder.write(fixtures.pkcs1PublicKey, to: "other.pem")
        let signaturePath = try folder.write(Data(signature), to: "signature.bin")
        let messagePath = try folder.write(Data(Self.message), to: "message.txt")
        let rejected = try OpenSSLCLI.run(["dgst", "-sha256", "-verify", otherPublic, "-signature", signaturePath, messagePath])
        #expect(rejected.status != 0)
    }

    @Test("an empty message can be signed and verified")
    func emptyMessage() throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPrivateKey(pem: fixtures.pkcs8.secret)
        let signature = try key.sign([UInt8]())
        #expect(try RSAPublicKey(pem: fixtures.publicKey).verify(signature: signature, for: [UInt8]()))
    }

    @Test("one key signs correctly from many tasks at once")
    func concurrentSigning() async throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPrivateKey(pem: fixtures.pkcs8.secret)
        let publicKey = try RSAPublicKey(pem: fixtures.publicKey)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let message = Array("message \(index)".utf8)
                    return publicKey.verify(signature: try key.sign(message), for: message)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }
}
