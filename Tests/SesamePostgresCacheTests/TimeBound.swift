import Synchronization

/// `operation` did not finish within its bound.
struct TimeBoundExceeded: Error, CustomStringConvertible {
    let what: String
    let limit: Duration
    var description: String { "\(what) did not finish within \(limit)" }
}

/// The result of `operation`, or ``TimeBoundExceeded`` after `limit`: a hang fails the test instead
/// of stalling the run. `operation` runs in a task of its own, so one that ignores cancellation
/// cannot hold the caller either.
func finishing<Value: Sendable>(
    within limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    let waiter = Waiter<Value>()
    return try await withCheckedThrowingContinuation { continuation in
        waiter.set(continuation)
        Task {
            do {
                let value = try await operation()
                waiter.take()?.resume(returning: value)
            } catch {
                waiter.take()?.resume(throwing: error)
            }
        }
        Task {
            try? await Task.sleep(for: limit)
            waiter.take()?.resume(throwing: TimeBoundExceeded(what: what, limit: limit))
        }
    }
}

/// The continuation of ``finishing(within:_:_:)``, resumed by whichever task comes first.
private final class Waiter<Value: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Value, any Error>?>(nil)

    func set(_ value: CheckedContinuation<Value, any Error>) {
        continuation.withLock { $0 = value }
    }

    /// The continuation, once: later calls get `nil`.
    func take() -> CheckedContinuation<Value, any Error>? {
        continuation.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
