import Synchronization

/// Tokens an API refused, by shared key: never served from the shared cache again, so that the
/// exchange ``TokenCache`` starts after a refusal mints a new token instead of reading the refused
/// one back. Holds digests of the values, not the values; a key's record goes when a new token is
/// stored under it.
final class RejectedTokens: Sendable {
    private let digests = Mutex<[String: Set<String>]>([:])

    func insert(_ token: AccessToken, for key: SharedTokenKey) {
        let digest = Self.digest(of: token)
        digests.withLock { _ = $0[key.digest, default: []].insert(digest) }
    }

    func contains(_ token: AccessToken, for key: SharedTokenKey) -> Bool {
        guard digests.withLock({ $0[key.digest] != nil }) else { return false }
        let digest = Self.digest(of: token)
        return digests.withLock { $0[key.digest]?.contains(digest) ?? false }
    }

    func clear(_ key: SharedTokenKey) {
        _ = digests.withLock { $0.removeValue(forKey: key.digest) }
    }

    private static func digest(of token: AccessToken) -> String {
        SHA256Digest.hex(of: Array(token.value.utf8))
    }
}
