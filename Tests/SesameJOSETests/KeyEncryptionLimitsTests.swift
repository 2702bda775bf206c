import Foundation
import SesameCore
import SesameJOSE
import SesameTestSupport
import Testing

/// Encrypted keys whose key derivation would burn a CPU for hours: real keys written by the openssl
/// CLI, with one field of their encryption parameters changed (the DER rewritten with its lengths
/// fixed). Each is refused before OpenSSL derives anything, so each test ends at once; before the
/// bounds existed, 10,000,001 iterations took seconds and 2^31 - 1 about ten minutes of a core.
@Suite("RSAPrivateKey: an encrypted key's key derivation cost is bounded", .timeLimit(.minutes(1)))
struct KeyEncryptionLimitsTests {
    /// Where the fields are in an `EncryptedPrivateKeyInfo` written by `openssl pkcs8 -topk8 -v2`.
    enum Path {
        /// PBES2's key derivation function: `SEQUENCE { OID, parameters }`.
        static let keyDerivation = [0, 1, 0]
        /// PBKDF2 or scrypt parameters: `SEQUENCE { salt, iterations or N, [r, p,] ... }`.
        static let kdfParameters = [0, 1, 0, 1]
        static let salt = kdfParameters + [0]
        static let iterations = kdfParameters + [1]
        static let scryptN = kdfParameters + [1]
        static let scryptR = kdfParameters + [2]
        static let scryptP = kdfParameters + [3]
        /// The cipher's IV: `SEQUENCE { OID aes-256-cbc, OCTET STRING }`.
        static let iv = [0, 1, 1, 1]
    }

    /// Key pair 0 encrypted by `openssl pkcs8 -topk8` with `options`, as DER.
    static func encrypted(_ options: [String]) throws -> DERTree {
        let pem = try OpenSSLCLI.succeed(["pkcs8", "-topk8"] + options + ["-in", try TestKeys.pair(0).privateKeyPath, "-passout", "pass:\(KeyFixtures.passphrase)"]).text
        return try DERTree(parsing: try derBytes(ofPEM: pem))
    }

    /// PBKDF2 with HMAC-SHA-256 and 2,048 iterations (OpenSSL's default), as DER.
    static func pbkdf2Key() throws -> DERTree {
        try encrypted(["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-iter", "2048"])
    }

    /// scrypt with OpenSSL's parameters (N 16384, r 8, p 1), as DER.
    static func scryptKey() throws -> DERTree {
        try encrypted(["-v2", "aes-256-cbc", "-scrypt"])
    }

    static func derBytes(ofPEM pem: String) throws -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return try #require(Data(base64Encoded: body).map(Array.init))
    }

    static func pem(_ der: DERTree, label: String = "ENCRYPTED PRIVATE KEY") -> String {
        let base64 = Data(der.bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    /// Reads `pem` with the right passphrase and returns the refusal, checking that it came at once.
    static func refusal(_ pem: String, limits: KeyEncryptionLimits = .standard, sourceLocation: SourceLocation = #_sourceLocation) -> JOSEError? {
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: JOSEError.self, sourceLocation: sourceLocation) {
            try RSAPrivateKey(pem: pem.secret, passphrase: KeyFixtures.passphrase.secret, encryptionLimits: limits)
        }
        #expect(clock.now - start < .seconds(2), "the refusal must come before any key derivation", sourceLocation: sourceLocation)
        #expect(error?.code == .unsafeKeyEncryption, "\(error?.message ?? "no error")", sourceLocation: sourceLocation)
        #expect(error?.message.contains("openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000") == true, sourceLocation: sourceLocation)
        return error
    }

    @Test("keys openssl writes are read: PBKDF2 with its default 2,048 iterations, 600,000 (current advice), scrypt with its defaults")
    func usualKeysAreRead() throws {
        let publicKey = try TestKeys.pair(0).publicKey
        for options in [["-v2", "aes-256-cbc"], ["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-iter", "600000"], ["-v2", "aes-256-cbc", "-scrypt"]] {
            let key = try RSAPrivateKey(pem: Self.pem(try Self.encrypted(options)).secret, passphrase: KeyFixtures.passphrase.secret)
            #expect(try publicKey.matches(key), "\(options)")
        }
    }

    @Test("PBKDF2 iteration counts past 10,000,000, or not a positive 64-bit number, are refused at once, naming the count", arguments: [
        (DERTree.integer(10_000_001), "10000001 PBKDF2 iterations"),
        (DERTree.integer(Int64(Int32.max)), "2147483647 PBKDF2 iterations"),
        (DERTree.integer(.max), "9223372036854775807 PBKDF2 iterations"),
        (DERTree.hugeInteger(bytes: 9), "not a positive 64-bit number"),
        (DERTree.hugeInteger(bytes: 1000), "not a positive 64-bit number"),
        (DERTree.integer(0), "not a positive 64-bit number"),
        (DERTree.integer(-1), "not a positive 64-bit number"),
    ])
    func iterations(count: DERTree, fragment: String) throws {
        let patched = try Self.pbkdf2Key().replacing(Path.iterations) { _ in count }
        let error = Self.refusal(Self.pem(patched))
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test("the bound is inclusive: a real key at the bound is read, one iteration more is refused")
    func boundary() throws {
        let pem = Self.pem(try Self.pbkdf2Key())
        let atBound = KeyEncryptionLimits(maximumIterations: 2048, maximumScryptWork: 1 << 22)
        let key = try RSAPrivateKey(pem: pem.secret, passphrase: KeyFixtures.passphrase.secret, encryptionLimits: atBound)
        #expect(try TestKeys.pair(0).publicKey.matches(key))
        let error = Self.refusal(pem, limits: KeyEncryptionLimits(maximumIterations: 2047, maximumScryptWork: 1 << 22))
        #expect(error?.message.contains("2048 PBKDF2 iterations") == true)
    }

    /// scrypt parameters to write into a real scrypt key, and a fragment the refusal must contain.
    struct ScryptCase: Sendable, CustomTestStringConvertible {
        let changes: [(path: [Int], value: Int64)]
        let fragment: String
        var testDescription: String { fragment }

        static let all: [ScryptCase] = [
            ScryptCase(changes: [(Path.scryptN, 1 << 20)], fragment: "N = 1048576, r = 8, p = 1"),
            ScryptCase(changes: [(Path.scryptP, 1 << 20)], fragment: "N = 16384, r = 8, p = 1048576"),
            ScryptCase(changes: [(Path.scryptR, 1 << 40)], fragment: "r = 1099511627776"),
            ScryptCase(changes: [(Path.scryptN, 1 << 62), (Path.scryptR, 1 << 10)], fragment: "N = 4611686018427387904"),
            ScryptCase(changes: [(Path.scryptN, 3)], fragment: "N is 3, not a power of two"),
            ScryptCase(changes: [(Path.scryptP, 0)], fragment: "not all positive"),
        ]
    }

    @Test("scrypt with N·r·p past 2^22, an N that is not a power of two, or parameters that overflow is refused at once", arguments: ScryptCase.all)
    func scrypt(_ scryptCase: ScryptCase) throws {
        var patched = try Self.scryptKey()
        for change in scryptCase.changes {
            patched = try patched.replacing(change.path) { _ in .integer(change.value) }
        }
        let message = Self.refusal(Self.pem(patched))?.message ?? ""
        #expect(message.contains(scryptCase.fragment), "\(message)")
    }

    @Test("a salt past 1 KiB, an IV past 16 bytes or a PBKDF2 key length past 64 bytes is refused at once")
    func sizes() throws {
        let key = try Self.pbkdf2Key()
        let salt = try key.replacing(Path.salt) { _ in .octetString(count: 1025) }
        #expect(Self.refusal(Self.pem(salt))?.message.contains("salt is 1025 bytes") == true)
        let scryptSalt = try Self.scryptKey().replacing(Path.salt) { _ in .octetString(count: 4000) }
        #expect(Self.refusal(Self.pem(scryptSalt))?.message.contains("scrypt salt is 4000 bytes") == true)
        let iv = try key.replacing(Path.iv) { _ in .octetString(count: 64) }
        #expect(Self.refusal(Self.pem(iv))?.message.contains("IV is 64 bytes") == true)
        // PBKDF2's optional key length goes between the iteration count and the PRF.
        guard case .constructed(let tag, var fields) = try key.value(at: Path.kdfParameters) else {
            Issue.record("PBKDF2 parameters are not a SEQUENCE")
            return
        }
        fields.insert(.integer(Int64(Int32.max)), at: 2)
        let keyLength = try key.replacing(Path.kdfParameters) { _ in .constructed(tag: tag, children: fields) }
        #expect(Self.refusal(Self.pem(keyLength))?.message.contains("key length") == true)
    }

    @Test("a key derivation other than PBKDF2 and scrypt is refused, naming it")
    func unknownKeyDerivation() throws {
        // hmacWithSHA256 (1.2.840.113549.2.9) where PBKDF2's OID belongs.
        let patched = try Self.pbkdf2Key().replacing(Path.keyDerivation + [0]) { _ in
            .primitive(tag: 0x06, bytes: [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x09])
        }
        let error = Self.refusal(Self.pem(patched))
        #expect(error?.message.contains("hmacWithSHA256") == true, "\(error?.message ?? "")")
    }

    @Test("the check finds the key wherever OpenSSL would: after a damaged first block, or under another label")
    func everyBlock() throws {
        let patched = Self.pem(try Self.pbkdf2Key().replacing(Path.iterations) { _ in .integer(10_000_001) })
        let damagedFirst = "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n" + patched
        _ = Self.refusal(damagedFirst)
        let otherLabel = patched.replacingOccurrences(of: "ENCRYPTED PRIVATE KEY", with: "PRIVATE KEY")
        _ = Self.refusal(otherLabel)
    }

    @Test("without a passphrase the bound is still checked first, and no message repeats the key")
    func withoutPassphrase() throws {
        let patched = Self.pem(try Self.pbkdf2Key().replacing(Path.iterations) { _ in .integer(Int64(Int32.max)) })
        let error = #expect(throws: JOSEError.self) { try RSAPrivateKey(pem: patched.secret) }
        #expect(error?.code == .unsafeKeyEncryption)
        for line in patched.split(separator: "\n") where !line.hasPrefix("-----") {
            #expect(error?.message.contains(line) == false)
        }
    }
}
