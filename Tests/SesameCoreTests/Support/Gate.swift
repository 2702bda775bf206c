import Synchronization

/// Holds tasks until the test releases them: the way a test keeps an exchange "in flight" for as
/// long as it needs, without sleeping.
final class Gate: Sendable {
    private struct State {
        var isOpen = true
        var nextID: UInt64 = 0
        var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Makes later ``pass()`` calls wait.
    func close() {
        state.withLock { $0.isOpen = false }
    }

    /// Releases every waiting task and lets later ones through.
    func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [:] }
            return state.waiting
        }
        for continuation in waiting.values { continuation.resume() }
    }

    /// Waits while the gate is closed. A cancelled task leaves at once with `CancellationError`,
    /// as a real network call does.
    func pass() async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let passNow = state.withLock { state in
                    // Checked under the lock, so a cancellation handler that ran first is not missed.
                    if state.isOpen || Task.isCancelled { return true }
                    state.waiting[id] = continuation
                    return false
                }
                if passNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiting.removeValue(forKey: id) }?.resume()
        }
        try Task.checkCancellation()
    }

    /// Waits while the gate is closed, whether or not the task is cancelled.
    func passIgnoringCancellation() async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let passNow = state.withLock { state in
                if state.isOpen { return true }
                state.waiting[id] = continuation
                return false
            }
            if passNow { continuation.resume() }
        }
    }
}
