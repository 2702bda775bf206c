import Foundation

/// Base64url without padding (RFC 4648 §5), as JOSE uses it.
public enum Base64URL {
    /// Encodes `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes `text`; padding is accepted but not required.
    ///
    /// - Throws: ``JOSEError`` (`.invalidBase64URL`) on characters outside the alphabet or a bad length.
    public static func decode(_ text: some StringProtocol) throws -> [UInt8] {
        var base64 = String(text)
        guard base64.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "=") }) else {
            throw JOSEError(.invalidBase64URL, "not base64url: characters outside A-Z a-z 0-9 - _")
        }
        let unpadded = base64.prefix { $0 != "=" }
        guard base64.dropFirst(unpadded.count).allSatisfy({ $0 == "=" }) else {
            throw JOSEError(.invalidBase64URL, "not base64url: padding inside the text")
        }
        base64 = String(unpadded)
            .replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        guard base64.count % 4 != 1 else {
            throw JOSEError(.invalidBase64URL, "not base64url: impossible length \(base64.count)")
        }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else {
            throw JOSEError(.invalidBase64URL, "not base64url")
        }
        return Array(data)
    }
}
