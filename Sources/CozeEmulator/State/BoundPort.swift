import Synchronization

/// The port the server bound, once it listens.
final class BoundPort: Sendable {
    private let port = Mutex<Int?>(nil)

    /// The bound port, or `nil` before the server listens.
    var value: Int? { port.withLock { $0 } }

    /// Records the bound port.
    func set(_ value: Int) { port.withLock { $0 = value } }
}
