/// A key store could not provide a secret.
///
/// ``message`` says what failed, why, and how to fix it; it never contains secret material.
public struct KeyStoreError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case notFound, unreadable, insecurePermissions, invalidFormat, alreadyExists, readOnly, passphrase }
        private let value: Value
        /// The entry does not exist.
        public static let notFound = Code(value: .notFound)
        /// The entry exists but cannot be read (I/O error, permissions of the directory).
        public static let unreadable = Code(value: .unreadable)
        /// The entry is readable by other users; the store refuses to use it.
        public static let insecurePermissions = Code(value: .insecurePermissions)
        /// The entry's content is not in a form the store understands.
        public static let invalidFormat = Code(value: .invalidFormat)
        /// A write would replace an existing entry without being asked to.
        public static let alreadyExists = Code(value: .alreadyExists)
        /// The store cannot be written to.
        public static let readOnly = Code(value: .readOnly)
        /// A passphrase is missing, empty or wrong.
        public static let passphrase = Code(value: .passphrase)
        /// The code's name, e.g. `notFound`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, why, and the fix.
    public let message: String
    /// The error that caused this one, if any (never one carrying secret material).
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
