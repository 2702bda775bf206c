/// One line of a diagnosis: what was checked, the verdict, and the fix when it failed.
public struct DiagnosisCheck: Sendable, Equatable, CustomStringConvertible {
    /// The verdict of a check.
    public enum Status: String, Sendable, Equatable, Codable {
        /// The check passed.
        case pass
        /// The check found a cause of failure.
        case fail
        /// Something suspicious that may or may not be a problem.
        case warning
        /// Information for comparison (thumbprints, decoded claims).
        case info

        /// `✓`, `✗`, `!` or `·`.
        public var symbol: String {
            switch self {
            case .pass: "✓"
            case .fail: "✗"
            case .warning: "!"
            case .info: "·"
            }
        }
    }

    /// A short identifier, stable across versions: `region`, `app-id`, `key-pair`, ...
    public let id: String
    /// The verdict.
    public let status: Status
    /// What was found, in one line.
    public let message: String
    /// What to do about it, when the check did not pass.
    public let remedy: String?

    /// Creates a check.
    public init(_ id: String, _ status: Status, _ message: String, remedy: String? = nil) {
        self.id = id
        self.status = status
        self.message = message
        self.remedy = remedy
    }

    /// `✗ message: remedy`.
    public var description: String {
        "\(status.symbol) \(message)" + (remedy.map { "; fix: \($0)" } ?? "")
    }
}

/// The result of diagnosing one provider: the checks, in the order they ran.
public struct Diagnosis: Sendable, CustomStringConvertible {
    /// The provider's name.
    public let provider: String
    /// Every check.
    public let checks: [DiagnosisCheck]

    /// Creates a diagnosis from checks already run.
    public init(provider: String, checks: [DiagnosisCheck]) {
        self.provider = provider
        self.checks = checks
    }

    /// Whether no check failed.
    public var isHealthy: Bool { !checks.contains { $0.status == .fail } }

    /// One check a line.
    public var description: String { checks.map(\.description).joined(separator: "\n") }
}
