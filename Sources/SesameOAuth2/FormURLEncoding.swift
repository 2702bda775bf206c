/// `application/x-www-form-urlencoded` encoding, as RFC 6749 Appendix B prescribes for request bodies
/// and for the client ID and secret inside HTTP Basic credentials (§2.3.1).
enum FormURLEncoding {
    /// `bytes` with ASCII letters, digits and `*-._` kept, space as `+`, every other byte as `%XX`.
    static func encode(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.underestimatedCount)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                encoded.append(byte)
            case UInt8(ascii: " "):
                encoded.append(UInt8(ascii: "+"))
            default:
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return encoded
    }

    /// The UTF-8 bytes of `string`, encoded.
    static func encode(_ string: String) -> [UInt8] {
        encode(string.utf8)
    }

    /// `name=value&name=value` with every name and value encoded; values are given as bytes so that
    /// a secret needs no `String`.
    static func body(_ fields: [(name: String, value: [UInt8])]) -> [UInt8] {
        var body: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { body.append(UInt8(ascii: "&")) }
            body += encode(field.name)
            body.append(UInt8(ascii: "="))
            body += encode(field.value)
        }
        return body
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
