/// One problem found in `providers.json`: where, and what to do about it.
public struct ConfigIssue: Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public let path: ConfigPath
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an issue.
    public init(path: ConfigPath, message: String) {
        self.path = path
        self.message = message
    }

    /// `providers.coze-cn.region: unknown region "cm"; did you mean "cn"?`
    public var description: String { "\(path): \(message)" }
}
