import Foundation

/// JWS compact serialisation (RFC 7515) for RS256.
public enum JWS {
    /// `BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`, signed with `key`.
    ///
    /// `header` and `payload` are the exact JSON bytes to sign.
    public static func sign(header: [UInt8], payload: [UInt8], key: RSAPrivateKey) throws -> String {
        // One buffer from start to end: header, payload, then the signature of what precedes it.
        var compact: [UInt8] = []
        compact.reserveCapacity((header.count + payload.count) * 4 / 3 + 8 + (key.bits / 8) * 4 / 3)
        Base64URL.append(header, to: &compact)
        compact.append(UInt8(ascii: "."))
        Base64URL.append(payload, to: &compact)
        let signature = try key.sign(compact)
        compact.append(UInt8(ascii: "."))
        Base64URL.append(signature, to: &compact)
        return String(decoding: compact, as: UTF8.self)
    }

    /// A compact JWS split into its parts. Parsing does not verify the signature.
    public struct Parts: Sendable {
        /// The decoded header JSON.
        public let header: [UInt8]
        /// The decoded payload JSON.
        public let payload: [UInt8]
        /// The decoded signature.
        public let signature: [UInt8]
        /// The ASCII text the signature covers: `header.payload` as sent.
        public let signingInput: [UInt8]

        /// Whether `key` signed this JWS with RS256.
        public func isSigned(by key: RSAPublicKey) -> Bool {
            key.verify(signature: signature, for: signingInput)
        }
    }

    /// Splits and decodes a compact JWS.
    ///
    /// - Throws: ``JOSEError`` (`.malformedJWS`) unless there are exactly three base64url parts.
    public static func parse(_ compact: String) throws -> Parts {
        var compact = compact
        // On the UTF-8 bytes in place: splitting into Substrings and decoding through String.UTF8View
        // was a sixth of the emulator's time per token request.
        return try compact.withUTF8 { bytes throws(JOSEError) -> Parts in
            let dot = UInt8(ascii: ".")
            guard let first = bytes.firstIndex(of: dot), let second = bytes[(first + 1)...].firstIndex(of: dot),
                  !bytes[(second + 1)...].contains(dot) else {
                throw JOSEError(.malformedJWS, "a JWT has 3 dot-separated parts, this one has \(bytes.count { $0 == dot } + 1)")
            }
            do throws(JOSEError) {
                return Parts(
                    header: try Base64URL.decode(UnsafeBufferPointer(rebasing: bytes[..<first])),
                    payload: try Base64URL.decode(UnsafeBufferPointer(rebasing: bytes[(first + 1)..<second])),
                    signature: try Base64URL.decode(UnsafeBufferPointer(rebasing: bytes[(second + 1)...])),
                    signingInput: Array(bytes[..<second])
                )
            } catch {
                throw JOSEError(.malformedJWS, "a JWT part is not base64url")
            }
        }
    }
}
