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
        // Split on the byte, not on Characters: grapheme breaking was most of a verification's cost.
        let pieces = compact.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Substring.init)
        guard pieces.count == 3 else {
            throw JOSEError(.malformedJWS, "a JWT has 3 dot-separated parts, this one has \(pieces.count)")
        }
        do {
            return Parts(
                header: try Base64URL.decode(pieces[0]),
                payload: try Base64URL.decode(pieces[1]),
                signature: try Base64URL.decode(pieces[2]),
                signingInput: Array(pieces[0].utf8) + [UInt8(ascii: ".")] + Array(pieces[1].utf8)
            )
        } catch {
            throw JOSEError(.malformedJWS, "a JWT part is not base64url")
        }
    }
}
