import Synchronization

/// The first of several racing results (an answer, a deadline, a closed connection, a cancellation)
/// wins; ``value()`` waits for it, and the later ones are dropped.
final class FirstOutcome<Value: Sendable>: Sendable {
    private enum State {
        case pending(CheckedContinuation<Value, any Error>?)
        case settled(Result<Value, any Error>)
        case taken
    }

    private let state = Mutex(State.pending(nil))

    /// Offers `result`; `true` when it is the first.
    @discardableResult
    func settle(_ result: Result<Value, any Error>) -> Bool {
        let (first, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Value, any Error>?) in
            guard case .pending(let waiter) = state else { return (false, nil) }
            state = waiter == nil ? .settled(result) : .taken
            return (true, waiter)
        }
        waiter?.resume(with: result)
        return first
    }

    /// The first result offered.
    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Value, any Error>? in
                switch state {
                case .pending:
                    state = .pending(continuation)
                    return nil
                case .settled(let result):
                    state = .taken
                    return result
                case .taken:
                    return .failure(CancellationError())
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
