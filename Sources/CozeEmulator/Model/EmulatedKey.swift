import SesameJOSE

/// A public key registered on an emulated app, under the key ID (`kid`) JWTs must name.
public struct EmulatedKey: Sendable {
    /// The key ID a JWT header's `kid` must carry to be checked against ``publicKey``.
    public var keyID: String
    /// The RSA public key that verifies the JWT's RS256 signature.
    public var publicKey: RSAPublicKey

    /// Registers `publicKey` under `keyID`; a `nil` or empty `keyID` means the key's RFC 7638
    /// thumbprint (43 base64url characters, the form Coze's console shows).
    public init(keyID: String? = nil, publicKey: RSAPublicKey) {
        if let keyID, !keyID.isEmpty {
            self.keyID = keyID
        } else {
            self.keyID = publicKey.thumbprint
        }
        self.publicKey = publicKey
    }
}
