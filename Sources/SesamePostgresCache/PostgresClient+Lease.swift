import PostgresNIO
import Synchronization

extension PostgresClient {
    /// Runs `body` on a pooled connection, waiting at most `limit` for one; once leased, `body` runs to
    /// its end (its statements are bounded by the server's `statement_timeout` and `lock_timeout`).
    ///
    /// The pool keeps a request waiting while it retries a server that is down, and a cancellation
    /// that arrives just as the request is made is lost (the request then waits until the pool's
    /// circuit breaker trips, a minute later). So the lease is taken by a task of its own, which hands
    /// the connection over and holds the lease until `body` is done; the caller waits for the handover
    /// at most `limit`, and a lease that comes after that is released at once, unused.
    ///
    /// - Throws: ``LeaseTimeout`` when no connection came within `limit`; the pool's error when it
    ///   failed sooner; `CancellationError` when the caller was cancelled while waiting; `body`'s errors.
    func withConnection<Result>(
        leasedWithin limit: Duration,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let handover = ConnectionHandover()
        let holder = Task {
            do {
                try await self.withConnection { connection in
                    guard handover.deliver(connection) else { return }
                    await handover.waitUntilGivenBack()
                }
            } catch {
                handover.fail(error)
            }
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            handover.fail(LeaseTimeout(limit: limit))
        }
        defer { timer.cancel() }
        let connection: PostgresConnection
        do {
            connection = try await withTaskCancellationHandler {
                try await handover.connection()
            } onCancel: {
                handover.fail(CancellationError())
            }
        } catch {
            holder.cancel()
            throw error
        }
        defer { handover.giveBack() }
        return try await body(connection)
    }
}

/// No pooled connection came within the bound.
struct LeaseTimeout: Error {
    let limit: Duration
}

/// One connection passed from the task holding its lease to the caller using it, and back.
///
/// Whichever comes first wins: the connection (the caller uses it, the holder keeps the lease until
/// ``giveBack()``), or a failure (the deadline, the caller's cancellation, the pool's error: the caller
/// is told, and a connection delivered later is refused, so its lease ends at once).
private final class ConnectionHandover: Sendable {
    private enum State {
        /// Nothing yet; the caller may be waiting.
        case waiting(CheckedContinuation<PostgresConnection, any Error>?)
        /// Delivered before the caller took it; the holder may be waiting for it back.
        case delivered(PostgresConnection, CheckedContinuation<Void, Never>?)
        /// The caller has it; the holder may be waiting for it back.
        case inUse(CheckedContinuation<Void, Never>?)
        case givenBack
        case failed(any Error)
    }

    private let state = Mutex(State.waiting(nil))

    /// Called by the holder with the leased connection; `false` when the caller has given up.
    func deliver(_ connection: PostgresConnection) -> Bool {
        let (accepted, caller) = state.withLock { state -> (Bool, CheckedContinuation<PostgresConnection, any Error>?) in
            guard case .waiting(let caller) = state else { return (false, nil) }
            state = caller == nil ? .delivered(connection, nil) : .inUse(nil)
            return (true, caller)
        }
        caller?.resume(returning: connection)
        return accepted
    }

    /// The caller gives up, or the holder failed; no effect once the connection was delivered.
    func fail(_ error: any Error) {
        let caller = state.withLock { state -> CheckedContinuation<PostgresConnection, any Error>?? in
            guard case .waiting(let caller) = state else { return nil }
            state = .failed(error)
            return .some(caller)
        }
        if case .some(.some(let caller)) = caller { caller.resume(throwing: error) }
    }

    /// The connection, once delivered; the failure otherwise.
    func connection() async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = state.withLock { state -> Swift.Result<PostgresConnection, any Error>? in
                switch state {
                case .waiting:
                    state = .waiting(continuation)
                    return nil
                case .delivered(let connection, let holder):
                    state = .inUse(holder)
                    return .success(connection)
                case .failed(let error):
                    return .failure(error)
                case .inUse, .givenBack:
                    return .failure(CancellationError())
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Called by the holder after ``deliver(_:)``: returns when the caller is done with the connection.
    func waitUntilGivenBack() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                switch state {
                case .delivered(let connection, .none):
                    state = .delivered(connection, continuation)
                    return false
                case .inUse(.none):
                    state = .inUse(continuation)
                    return false
                default:
                    return true
                }
            }
            if done { continuation.resume() }
        }
    }

    /// Called by the caller when `body` is done: the holder ends the lease.
    func giveBack() {
        let holder = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard case .inUse(let holder) = state else { return nil }
            state = .givenBack
            return holder
        }
        holder?.resume()
    }
}
