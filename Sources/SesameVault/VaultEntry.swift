/// What an entry holds; stored as one byte in the table.
public enum VaultEntryKind: UInt8, Sendable, CaseIterable {
    /// An unencrypted PEM RSA private key that SesameJOSE parses (checked on `put`).
    case pemPrivateKey = 1
    /// Any other bytes.
    case opaque = 2

    /// `pem` or `opaque`, as the CLI spells it.
    package var name: String {
        switch self {
        case .pemPrivateKey: "pem"
        case .opaque: "opaque"
        }
    }
}

/// An entry's metadata: everything `list` shows, never the value.
package struct VaultEntryInfo: Hashable, Sendable {
    /// The entry's name (1–128 bytes of `[A-Za-z0-9._@:/-]`).
    package let name: String
    /// What the value is.
    package let kind: VaultEntryKind
    /// The value's length in bytes.
    package let size: Int
    /// When the entry was first stored, Unix seconds.
    package let created: Int64
    /// When the value was last stored, Unix seconds.
    package let updated: Int64

    /// Creates metadata.
    package init(name: String, kind: VaultEntryKind, size: Int, created: Int64, updated: Int64) {
        self.name = name
        self.kind = kind
        self.size = size
        self.created = created
        self.updated = updated
    }
}
