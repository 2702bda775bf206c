import SesameCore

/// The format's size limits (`vault-format.md` §4). Readers check them before allocating.
package enum VaultLimits {
    /// The longest entry name, in bytes.
    package static let maxNameLength = 128
    /// The longest value, in bytes.
    package static let maxValueLength = 65_536
    /// The most entries a vault holds.
    package static let maxEntries = 1_024
    /// The padding block of the table; the padded table is a multiple of it.
    package static let tableBlock = 4_096
    /// The largest padded table (4 MiB).
    package static let maxPaddedTable = 4 * 1_024 * 1_024
    /// The AEAD tag length.
    package static let tagLength = 16
    /// The largest body: the largest padded table plus its tag (4,194,320 bytes).
    package static let maxBodyLength = maxPaddedTable + tagLength
    /// The smallest body: one padded block plus its tag.
    package static let minBodyLength = tableBlock + tagLength
    /// The shortest passphrase accepted when one is set (`init`, `passwd`).
    package static let minNewPassphraseLength = 8
    /// The longest passphrase accepted.
    package static let maxPassphraseLength = SecretFileReader.maxPassphraseLength
}

/// Entry names: 1–128 bytes of `[A-Za-z0-9._@:/-]`, so a name can never carry a terminal escape.
package enum VaultName {
    /// Whether `name` is a valid entry name.
    package static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return isValid(bytes[...])
    }

    static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard (1...VaultLimits.maxNameLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy(isAllowed)
    }

    /// Throws ``VaultError`` `.invalidName` unless `name` is valid.
    package static func validate(_ name: String) throws(VaultError) {
        guard isValid(name) else { throw VaultError.invalidName(name) }
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// `"name"` for messages: bytes outside printable ASCII are shown as `\xNN`, and long names are cut,
    /// so a message never carries a terminal escape or a pasted secret in full.
    package static func quoted(_ name: String) -> String {
        var text = "\""
        for (index, byte) in name.utf8.enumerated() {
            if index == 64 {
                text += "…"
                break
            }
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                text.append(Character(Unicode.Scalar(byte)))
            } else {
                text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return text + "\""
    }
}
