/// The `file` token cache could not be used: its folder, a lock, or an entry.
///
/// The core's ``SharedTokenProvider`` turns every one of these into a local exchange and one warning
/// per ``code``; ``message`` says what failed, why, and the fix. Never holds a token.
public struct FileTokenStoreError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case insecureFolder, unusableFolder, lockTimeout, corruptedEntry, readFailed, writeFailed, diskFull
        }
        private let value: Value

        /// The folder is accessible to group or others, or owned by another user.
        public static let insecureFolder = Code(value: .insecureFolder)
        /// The folder cannot be created or used (not a folder, no permission, read-only file system).
        public static let unusableFolder = Code(value: .unusableFolder)
        /// Another process held the key's lock for longer than the wait allowed.
        public static let lockTimeout = Code(value: .lockTimeout)
        /// An entry is not one this store wrote (truncated, edited, another key's, wrong permissions).
        public static let corruptedEntry = Code(value: .corruptedEntry)
        /// An entry or lock file could not be read.
        public static let readFailed = Code(value: .readFailed)
        /// An entry could not be written; the previous one is unchanged.
        public static let writeFailed = Code(value: .writeFailed)
        /// The device holding the folder is full; the previous entry is unchanged.
        public static let diskFull = Code(value: .diskFull)

        /// The code's name, e.g. `lockTimeout`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, why, and the fix.
    public let message: String
    /// The `errno` of the failed system call, when there was one.
    public let errorNumber: Int32?

    /// Creates an error.
    public init(_ code: Code, _ message: String, errorNumber: Int32? = nil) {
        self.code = code
        self.message = message
        self.errorNumber = errorNumber
    }

    /// The message.
    public var description: String { message }
}
