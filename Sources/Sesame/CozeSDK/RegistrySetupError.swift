/// A registry could not be set up from another tool's settings (the Coze SDKs' variables or JSON
/// files), or an imported entry could not be written.
///
/// ``message`` says what failed, why, and the fix; it never contains a secret.
public struct RegistrySetupError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case missingSetting, invalidSetting, unsupportedApp, inlineKeyNeedsStore, storeNotWritable, providerExists, unreadable, writeFailed
        }
        private let value: Value
        /// A required variable or field is not set.
        public static let missingSetting = Code(value: .missingSetting)
        /// A variable or field holds a value that cannot be used (a base URL that is not a URL).
        public static let invalidSetting = Code(value: .invalidSetting)
        /// The settings describe an app that cannot mint server tokens (a web, PKCE or device app).
        public static let unsupportedApp = Code(value: .unsupportedApp)
        /// The source holds the private key inline and no store was chosen to move it into.
        public static let inlineKeyNeedsStore = Code(value: .inlineKeyNeedsStore)
        /// The chosen store is unknown or cannot be written to.
        public static let storeNotWritable = Code(value: .storeNotWritable)
        /// The registry already has a provider of that name.
        public static let providerExists = Code(value: .providerExists)
        /// The source file cannot be read or parsed.
        public static let unreadable = Code(value: .unreadable)
        /// The registry file could not be written; it is unchanged.
        public static let writeFailed = Code(value: .writeFailed)
        /// The code's name.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, why, and the fix.
    public let message: String
    /// The error underneath, when there is one.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
