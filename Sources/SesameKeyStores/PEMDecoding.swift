import CSodium
import SesameCore

/// Recognises the forms a PEM takes after being pasted into CI settings: plain, with literal `\n`
/// sequences, base64-encoded, wrapped in quotes.
package enum PEMDecoding {
    /// The PEM text inside `value`, or, when it holds no PEM (an opaque secret such as a client
    /// secret), `value` without surrounding whitespace and one pair of surrounding quotes.
    package static func normalize(_ value: SecretBytes) -> SecretBytes {
        let unquoted = stripQuotes(value)
        if contains(unquoted, "-----BEGIN") {
            return contains(unquoted, "\\n") ? unescapeNewlines(unquoted) : unquoted
        }
        if let decoded = decodeBase64(unquoted), contains(decoded, "-----BEGIN") {
            return contains(decoded, "\\n") ? unescapeNewlines(decoded) : decoded
        }
        return unquoted
    }

    /// How `value` was written, for diagnostics: `PEM`, `PEM with \n escapes`, `base64-encoded PEM`, `opaque`.
    package static func describe(_ value: SecretBytes) -> String {
        let unquoted = stripQuotes(value)
        if contains(unquoted, "-----BEGIN") {
            return contains(unquoted, "\\n") ? "PEM with literal \\n escapes" : "PEM"
        }
        if let decoded = decodeBase64(unquoted), contains(decoded, "-----BEGIN") {
            return "base64-encoded PEM"
        }
        return "opaque (not PEM)"
    }

    static func contains(_ secret: SecretBytes, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        return secret.withUnsafeBytes { bytes in
            guard bytes.count >= pattern.count else { return false }
            for start in 0...(bytes.count - pattern.count) {
                var matched = true
                for offset in 0..<pattern.count where bytes[start + offset] != pattern[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            return false
        }
    }

    private static func stripQuotes(_ secret: SecretBytes) -> SecretBytes {
        secret.withUnsafeBytes { bytes in
            var start = 0
            var end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            if end - start >= 2, let quote = [UInt8(ascii: "\""), UInt8(ascii: "'")].first(where: { $0 == bytes[start] }), bytes[end - 1] == quote {
                start += 1
                end -= 1
            }
            if start == 0 && end == bytes.count { return secret }
            return SecretBytes(count: end - start) { destination in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            }
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func unescapeNewlines(_ secret: SecretBytes) -> SecretBytes {
        secret.transformed(capacity: secret.count) { source, destination in
            var written = 0
            var index = 0
            while index < source.count {
                if source[index] == UInt8(ascii: "\\"), index + 1 < source.count {
                    let next = source[index + 1]
                    if next == UInt8(ascii: "n") {
                        destination[written] = 0x0A
                        written += 1
                        index += 2
                        continue
                    }
                    if next == UInt8(ascii: "r") {
                        index += 2
                        continue
                    }
                }
                destination[written] = source[index]
                written += 1
                index += 1
            }
            return written
        }
    }

    private static func decodeBase64(_ secret: SecretBytes) -> SecretBytes? {
        guard secret.count >= 16 else { return nil }
        for variant in [sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING] {
            var failed = false
            let decoded = secret.transformed(capacity: secret.count) { source, destination in
                var length = 0
                let result = sodium_base642bin(
                    destination.bindMemory(to: UInt8.self).baseAddress!, destination.count,
                    source.bindMemory(to: CChar.self).baseAddress!, source.count,
                    " \t\r\n", &length, nil, Int32(variant)
                )
                failed = result != 0
                return failed ? 0 : length
            }
            if !failed { return decoded }
        }
        return nil
    }
}
