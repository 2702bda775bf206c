import Foundation

/// Base64url without padding (RFC 4648 §5), as JOSE uses it.
public enum Base64URL {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of each base64url character, 0xFF for a byte outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// Encodes `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        append(bytes, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the encoding of `bytes` to `output` (the signing input of a JWS is built this way, without
    /// intermediate strings).
    public static func append(_ bytes: some Sequence<UInt8>, to output: inout [UInt8]) {
        let appended: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            append(UnsafeRawBufferPointer(buffer), to: &output)
        }
        if appended == nil {
            Array(bytes).withUnsafeBytes { append($0, to: &output) }
        }
    }

    private static func append(_ input: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        output.reserveCapacity(output.count + (input.count * 4 + 2) / 3)
        alphabet.withUnsafeBufferPointer { alphabet in
            var index = 0
            while index + 3 <= input.count {
                let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                output.append(alphabet[Int(chunk >> 18 & 63)])
                output.append(alphabet[Int(chunk >> 12 & 63)])
                output.append(alphabet[Int(chunk >> 6 & 63)])
                output.append(alphabet[Int(chunk & 63)])
                index += 3
            }
            switch input.count - index {
            case 1:
                let chunk = UInt32(input[index]) << 16
                output.append(alphabet[Int(chunk >> 18 & 63)])
                output.append(alphabet[Int(chunk >> 12 & 63)])
            case 2:
                let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
                output.append(alphabet[Int(chunk >> 18 & 63)])
                output.append(alphabet[Int(chunk >> 12 & 63)])
                output.append(alphabet[Int(chunk >> 6 & 63)])
            default:
                break
            }
        }
    }

    /// Decodes `text`; padding is accepted but not required.
    ///
    /// - Throws: ``JOSEError`` (`.invalidBase64URL`) on characters outside the alphabet or a bad length.
    public static func decode(_ text: some StringProtocol) throws -> [UInt8] {
        if let decoded = try text.utf8.withContiguousStorageIfAvailable({ try decode($0) }) { return decoded }
        return try Array(text.utf8).withUnsafeBufferPointer { try decode($0) }
    }

    /// Decodes the base64url characters `text`; padding is accepted but not required.
    ///
    /// - Throws: ``JOSEError`` (`.invalidBase64URL`) on characters outside the alphabet or a bad length.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) throws(JOSEError) -> [UInt8] {
        var end = text.count
        while end > 0, text[end - 1] == UInt8(ascii: "=") { end -= 1 }
        let characters = UnsafeBufferPointer(rebasing: text[..<end])
        var refused: UInt8?
        let decoded = values.withUnsafeBufferPointer { values in
            [UInt8](unsafeUninitializedCapacity: characters.count * 3 / 4) { output, written in
                var chunk: UInt32 = 0
                var pending = 0
                for character in characters {
                    let value = values[Int(character)]
                    guard value != 0xFF else {
                        refused = character
                        return
                    }
                    chunk = chunk << 6 | UInt32(value)
                    pending += 1
                    if pending == 4 {
                        output[written] = UInt8(truncatingIfNeeded: chunk >> 16)
                        output[written + 1] = UInt8(truncatingIfNeeded: chunk >> 8)
                        output[written + 2] = UInt8(truncatingIfNeeded: chunk)
                        written += 3
                        chunk = 0
                        pending = 0
                    }
                }
                switch pending {
                case 2:
                    output[written] = UInt8(truncatingIfNeeded: chunk >> 4)
                    written += 1
                case 3:
                    output[written] = UInt8(truncatingIfNeeded: chunk >> 10)
                    output[written + 1] = UInt8(truncatingIfNeeded: chunk >> 2)
                    written += 2
                default:
                    break
                }
            }
        }
        if let refused {
            throw refused == UInt8(ascii: "=")
                ? JOSEError(.invalidBase64URL, "not base64url: padding inside the text")
                : JOSEError(.invalidBase64URL, "not base64url: characters outside A-Z a-z 0-9 - _")
        }
        guard characters.count % 4 != 1 else {
            throw JOSEError(.invalidBase64URL, "not base64url: impossible length \(characters.count)")
        }
        return decoded
    }
}
