/// A test's own set-up did not do what it asked for (a file mode that did not take, a tool that failed).
///
/// Thrown by the shared helpers so that a broken set-up fails the test with the reason, instead of
/// letting it pass or skip.
public struct TestSetupError: Error, CustomStringConvertible, Sendable {
    /// What failed and why.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
