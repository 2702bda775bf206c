/// An emulator set-up failed: an app spec, a configuration file, a public key, or the server itself.
///
/// ``message`` says what failed, why, and the fix; it never contains key material or tokens.
public struct CozeEmulatorError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidAppSpec, invalidConfiguration, unreadableFile, invalidPublicKey, serverFailed
        }
        private let value: Value
        /// An `APP_ID:KEY_ID:PUBLIC_PEM_PATH` spec is malformed.
        public static let invalidAppSpec = Code(value: .invalidAppSpec)
        /// A configuration file is not valid JSON or breaks the format (``path`` names where).
        public static let invalidConfiguration = Code(value: .invalidConfiguration)
        /// A configuration or public key file cannot be read.
        public static let unreadableFile = Code(value: .unreadableFile)
        /// A public key file is not an RSA public key in PEM.
        public static let invalidPublicKey = Code(value: .invalidPublicKey)
        /// The server stopped before it was listening (for example, the port is taken).
        public static let serverFailed = Code(value: .serverFailed)
        /// The code's name.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, why, and the fix.
    public let message: String
    /// The JSON path in a configuration file (`apps[0].keys[1].publicKey`), when the error is about one.
    public let path: String?
    /// The error that caused this one, if any.
    public let underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
