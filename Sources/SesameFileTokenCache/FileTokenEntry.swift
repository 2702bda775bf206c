import Foundation
import SesameCore

/// One entry file, `DIGEST.json` (mode 0600): the token and the key it was stored under.
///
/// ```json
/// {"expiresAt":1764633000.5,"fingerprint":"3f2a…","issuedAt":1764632100.5,"key":"9c1e…",
///  "provider":"coze-cn","type":"Bearer","value":"czs_…","version":1}
/// ```
/// Times are seconds since 1970. `key`, `provider` and `fingerprint` are checked on every read, so
/// an entry is served only for the key it was written for. The session name is not stored.
package struct FileTokenEntry: Codable, Sendable {
    /// The format's version.
    package static let currentVersion = 1
    /// The largest entry file read (a token is a few KB at most).
    package static let maxSize = 64 * 1024

    package var version: Int
    package var key: String
    package var provider: String
    package var fingerprint: String
    package var type: String
    package var value: String
    package var expiresAt: Double
    package var issuedAt: Double

    /// The entry for `token` under `key`.
    package init(_ token: AccessToken, key: SharedTokenKey) {
        version = Self.currentVersion
        self.key = key.digest
        provider = key.provider
        fingerprint = key.configurationFingerprint
        type = token.type
        value = token.value
        expiresAt = token.expiresAt.timeIntervalSince1970
        issuedAt = token.issuedAt.timeIntervalSince1970
    }

    /// The file's bytes.
    package func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and finite numbers cannot fail.
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// The entry in `bytes`, or `nil` when they are not one of this version.
    package static func decode(_ bytes: [UInt8]) -> FileTokenEntry? {
        guard let entry = try? JSONDecoder().decode(FileTokenEntry.self, from: Data(bytes)),
              entry.version == currentVersion, !entry.value.isEmpty, !entry.type.isEmpty,
              entry.expiresAt.isFinite, entry.issuedAt.isFinite
        else { return nil }
        return entry
    }

    /// Whether the entry was stored under `key`.
    package func belongs(to key: SharedTokenKey) -> Bool {
        self.key == key.digest && provider == key.provider && fingerprint == key.configurationFingerprint
    }

    /// The token.
    package var token: AccessToken {
        AccessToken(
            value: value, type: type,
            expiresAt: Date(timeIntervalSince1970: expiresAt), issuedAt: Date(timeIntervalSince1970: issuedAt)
        )
    }
}
