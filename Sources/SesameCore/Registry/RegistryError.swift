/// `providers.json` could not be used: missing, unreadable, not JSON, or invalid.
///
/// An invalid file reports every problem at once in ``issues``, each with its JSON path.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case fileNotFound, unreadable, syntax, invalid, unknownProvider }
        private let value: Value
        /// The registry file does not exist.
        public static let fileNotFound = Code(value: .fileNotFound)
        /// The registry file exists but cannot be read.
        public static let unreadable = Code(value: .unreadable)
        /// The file is not valid JSON.
        public static let syntax = Code(value: .syntax)
        /// The JSON does not describe a valid registry; see ``RegistryError/issues``.
        public static let invalid = Code(value: .invalid)
        /// A provider name was asked for that the registry does not define.
        public static let unknownProvider = Code(value: .unknownProvider)
        /// The code's name.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The registry file (or `<inline>`).
    public let source: String
    /// Every problem found, sorted by path; empty unless ``code`` is `.invalid`.
    public let issues: [ConfigIssue]
    /// What failed, why, and the fix.
    public let message: String

    /// Creates an error with a message.
    public init(_ code: Code, source: String, message: String, issues: [ConfigIssue] = []) {
        self.code = code
        self.source = source
        self.message = message
        self.issues = issues
    }

    /// Creates the error for a file with `issues`.
    public static func invalid(_ issues: [ConfigIssue], source: String) -> RegistryError {
        let sorted = issues.sorted { ($0.path, $0.message) < ($1.path, $1.message) }
        let message = sorted.count == 1
            ? "\(source): \(sorted[0])"
            : "\(source) has \(sorted.count) errors:\n" + sorted.map { "  \($0)" }.joined(separator: "\n")
        return RegistryError(.invalid, source: source, message: message, issues: sorted)
    }

    /// The message.
    public var description: String { message }
}
