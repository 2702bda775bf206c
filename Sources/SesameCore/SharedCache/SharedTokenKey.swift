import CSodium

/// What a shared token is stored under: the provider's name, the whole ``TokenRequest`` and a
/// fingerprint of the provider's configuration, so that a changed app ID, key ID, region or scope never
/// reuses a token minted under the old one.
///
/// Its ``digest`` is stable across processes and hosts (unlike `hashValue`) and reveals none of the
/// fields: stores name files and rows by it.
public struct SharedTokenKey: Hashable, Sendable, CustomStringConvertible {
    /// The provider's name in the registry.
    public let provider: String
    /// The request the token answers.
    public let request: TokenRequest
    /// A digest of the provider's configuration (its type and every setting read from its section).
    public let configurationFingerprint: String
    /// Lowercase hex SHA-256 over every field above, in a fixed encoding (64 characters).
    public let digest: String

    /// Creates a key.
    public init(provider: String, request: TokenRequest, configurationFingerprint: String) {
        self.provider = provider
        self.request = request
        self.configurationFingerprint = configurationFingerprint
        var encoding = CanonicalEncoding()
        encoding.append("sesame-shared-token-key/1")
        encoding.append(provider)
        encoding.append(configurationFingerprint)
        encoding.append(request.sessionName)
        encoding.append(request.lifetime.map(String.init))
        for (name, value) in request.options.sorted(by: { $0.key < $1.key }) {
            encoding.append(name)
            encoding.append(value)
        }
        self.digest = SHA256Digest.hex(of: encoding.bytes)
    }

    /// The first 8 bytes of ``digest`` as a signed integer: a lock ID for stores whose locks are numbers
    /// (PostgreSQL advisory locks).
    public var lockID: Int64 {
        var value: UInt64 = 0
        var index = digest.startIndex
        for _ in 0..<16 {
            value = value << 4 | UInt64(digest[index].hexDigitValue ?? 0)
            index = digest.index(after: index)
        }
        return Int64(bitPattern: value)
    }

    /// `coze-cn [session alice] (3f2a9c0d…)`: the provider, the session, the digest's start.
    public var description: String {
        let session = request.sessionName.map { " [session \($0)]" } ?? ""
        return "\(provider)\(session) (\(digest.prefix(8))…)"
    }
}

/// Length-prefixed fields, so that no two different field lists encode to the same bytes.
struct CanonicalEncoding {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ field: String?) {
        guard let field else {
            bytes.append(0)
            return
        }
        let utf8 = Array(field.utf8)
        bytes.append(1)
        withUnsafeBytes(of: UInt64(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: utf8)
    }
}

/// SHA-256 through libsodium, for digests that identify (never for secrets).
package enum SHA256Digest {
    /// Lowercase hex SHA-256 of `bytes`.
    package static func hex(of bytes: [UInt8]) -> String {
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        _ = digest.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { crypto_hash_sha256(out.baseAddress!, $0.baseAddress, UInt64($0.count)) }
        }
        let hexDigits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(digest.count * 2)
        for byte in digest {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
