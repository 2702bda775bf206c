import Synchronization

/// The warnings logged in this process.
final class WarningLog: Sendable {
    private let lines = Mutex<[String]>([])

    /// Every warning so far, in order.
    var messages: [String] { lines.withLock { $0 } }

    func append(_ message: String) {
        lines.withLock { $0.append(message) }
    }
}
