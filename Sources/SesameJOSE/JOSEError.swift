/// Key material or a JWS could not be parsed, generated, signed or verified.
///
/// Messages say what is wrong with the key or the JWS, and name only `openssl` commands as fixes:
/// the layer that reads the key (a key store, a provider, the CLI) adds where it came from and how to
/// configure it. Messages never contain key material, signatures or tokens.
public struct JOSEError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case notPEM, unsupportedKey, encryptedKeyNeedsPassphrase, wrongPassphrase, invalidKey, publicKeyGiven, unsafeKeyEncryption
            case signingFailed, malformedJWS, invalidBase64URL, generationFailed, encodingFailed
        }
        private let value: Value
        /// The input is not PEM text.
        public static let notPEM = Code(value: .notPEM)
        /// The key is not RSA (RS256 needs RSA).
        public static let unsupportedKey = Code(value: .unsupportedKey)
        /// The key is encrypted and no passphrase was given.
        public static let encryptedKeyNeedsPassphrase = Code(value: .encryptedKeyNeedsPassphrase)
        /// The passphrase does not decrypt the key.
        public static let wrongPassphrase = Code(value: .wrongPassphrase)
        /// The PEM is damaged or not a key.
        public static let invalidKey = Code(value: .invalidKey)
        /// The key's password-based encryption costs more than Sesame derives (iterations, scrypt
        /// parameters), or its salt, IV or key length is out of bounds: refused before any derivation.
        public static let unsafeKeyEncryption = Code(value: .unsafeKeyEncryption)
        /// A public key was given where a private key is needed.
        public static let publicKeyGiven = Code(value: .publicKeyGiven)
        /// OpenSSL failed to sign or verify.
        public static let signingFailed = Code(value: .signingFailed)
        /// A compact JWS does not have three base64url parts with JSON header and payload.
        public static let malformedJWS = Code(value: .malformedJWS)
        /// Text is not base64url.
        public static let invalidBase64URL = Code(value: .invalidBase64URL)
        /// Key generation failed.
        public static let generationFailed = Code(value: .generationFailed)
        /// A key could not be written as PEM.
        public static let encodingFailed = Code(value: .encodingFailed)
        /// The code's name.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, why, and the fix.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
