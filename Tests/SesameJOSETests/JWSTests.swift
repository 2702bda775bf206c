import Foundation
import SesameCore
import SesameJOSE
import SesameTestSupport
import Testing

@Suite("JWS compact serialisation")
struct JWSTests {
    static let header = Array(#"{"alg":"RS256","typ":"JWT","kid":"key-1"}"#.utf8)
    static let payload = Array(#"{"iss":"1133483935040","aud":"api.coze.cn","iat":1795582500,"exp":1795583400,"jti":"a/b+c?"}"#.utf8)

    @Test("sign then parse returns the same header and payload, signed by the key")
    func roundTrip() throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPrivateKey(pem: fixtures.pkcs8.secret)
        let compact = try JWS.sign(header: Self.header, payload: Self.payload, key: key)

        let pieces = compact.split(separator: ".", omittingEmptySubsequences: false)
        #expect(pieces.count == 3)
        #expect(!compact.contains("=") && !compact.contains("+") && !compact.contains("/"))
        #expect(String(pieces[0]) == independentBase64URL(Self.header))
        #expect(String(pieces[1]) == independentBase64URL(Self.payload))

        let parts = try JWS.parse(compact)
        #expect(parts.header == Self.header)
        #expect(parts.payload == Self.payload)
        #expect(parts.signature.count == 256)
        #expect(parts.signingInput == Array("\(pieces[0]).\(pieces[1])".utf8))
        #expect(parts.isSigned(by: try RSAPublicKey(pem: fixtures.publicKey)))
        #expect(parts.isSigned(by: key.publicKey))
        #expect(!parts.isSigned(by: try RSAPublicKey(pem: fixtures.pkcs1PublicKey)))
    }

    @Test("the JWS signature verifies with the openssl CLI over header.payload")
    func opensslVerifies() throws {
        let fixtures = try KeyFixtures.load()
        let compact = try JWS.sign(header: Self.header, payload: Self.payload, key: try RSAPrivateKey(pem: fixtures.pkcs8.secret))
        let parts = try JWS.parse(compact)
        let folder = try TemporaryFolder()
        let verified = try OpenSSLCLI.run([
            "dgst", "-sha256",
            "-verify", try folder.write(fixtures.publicKey, to: "public.pem"),
            "-signature", try folder.write(Data(parts.signature), to: "signature.bin"),
            try folder.write(Data(parts.signingInput), to: "input.txt"),
        ])
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    @Test("a JWS with a swapped payload is no longer signed by the key")
    func tamperedPayload() throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPrivateKey(pem: fixtures.pkcs8.secret)
        let publicKey = try RSAPublicKey(pem: fixtures.publicKey)
        let compact = try JWS.sign(header: Self.header, payload: Self.payload, key: key)
        #expect(try JWS.parse(compact).isSigned(by: publicKey))
        let pieces = compact.split(separator: ".", omittingEmptySubsequences: false)
        let forged = [String(pieces[0]), independentBase64URL(Array(#"{"iss":"attacker"}"#.utf8)), String(pieces[2])].joined(separator: ".")
        let parts = try JWS.parse(forged)
        #expect(parts.payload == Array(#"{"iss":"attacker"}"#.utf8))
        #expect(!parts.isSigned(by: publicKey))
    }

    @Test("malformed compact JWS text is refused with malformedJWS", arguments: [
        "",
        "abc",
        "e30.e30",
        "e30.e30.c2ln.extra",
        "e30.e30.@@@",
        "e30.e+0.c2ln",
        "e30.e30.c2ln=x",
        "e30.Z.c2ln",
        "e30 .e30.c2ln",
    ])
    func malformed(compact: String) {
        let error = #expect(throws: JOSEError.self) { try JWS.parse(compact) }
        #expect(error?.code == .malformedJWS)
    }

    @Test("the part count is named in the error for a wrong number of parts")
    func partCountMessage() throws {
        let error = try #require(throws: JOSEError.self) { try JWS.parse("aaaa.bbbb") }
        #expect(error.message.contains("3"))
        #expect(error.message.contains("2"))
        #expect(!error.message.contains("aaaa"))
    }
}

@Suite("RS256 signing with a reused context")
struct RS256ContextReuseTests {
    @Test("signatures from one key, many at once, equal a fresh key's (RS256 is deterministic) and verify")
    func concurrentSignaturesAreIdentical() async throws {
        let fixtures = try KeyFixtures.load()
        let key = try RSAPrivateKey(pem: fixtures.pkcs8.secret)
        let message = Array("header.payload".utf8)
        let expected = try RSAPrivateKey(pem: fixtures.pkcs8.secret).sign(message)
        let signatures = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for index in 0..<64 {
                group.addTask { try key.sign(index.isMultiple(of: 2) ? message : Array("other".utf8)) }
            }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(signatures.count == 64)
        #expect(Set(signatures).count == 2)
        #expect(signatures.contains(expected))
        #expect(key.publicKey.verify(signature: expected, for: message))
    }
}
