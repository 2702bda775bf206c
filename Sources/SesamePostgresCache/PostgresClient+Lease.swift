import PostgresNIO
import Synchronization

extension PostgresClient {
    /// Runs `body` on a pooled connection, waiting at most `limit` for one; once leased, `body` runs to
    /// its end (its statements are bounded by the server's `statement_timeout` and `lock_timeout`).
    ///
    /// The pool keeps a request waiting while it retries a server that is down; this bound is what lets
    /// a caller give up and mint locally instead.
    ///
    /// - Throws: ``LeaseTimeout`` when no connection came within `limit`; `body`'s errors.
    func withConnection<Result: Sendable>(
        leasedWithin limit: Duration,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let race = LeaseRace()
        return try await withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    try await self.withConnection { connection in
                        guard race.lease() else { throw LeaseTimeout(limit: limit) }
                        return try await work.value(connection)
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: limit)
                    return nil
                }
                do {
                    while let next = try await group.next() {
                        if let value = next {
                            group.cancelAll()
                            return value
                        }
                        if race.expire() {
                            group.cancelAll()
                            throw LeaseTimeout(limit: limit)
                        }
                    }
                } catch {
                    group.cancelAll()
                    throw error
                }
                throw LeaseTimeout(limit: limit)
            }
        }
    }
}

/// Who came first: the lease, or the deadline. Once one has won, the other does nothing, so `body`
/// never starts after the caller was told there was no connection.
private final class LeaseRace: Sendable {
    private enum State { case waiting, leased, expired }
    private let state = Mutex(State.waiting)

    /// Marks the lease; `false` when the deadline passed first.
    func lease() -> Bool {
        state.withLock { state in
            guard state == .waiting else { return false }
            state = .leased
            return true
        }
    }

    /// Marks the deadline; `false` when the lease came first.
    func expire() -> Bool {
        state.withLock { state in
            guard state == .waiting else { return false }
            state = .expired
            return true
        }
    }
}

/// Carries `body` into the child task that runs it. Sound because the child runs inside the task
/// group of the call that received `body`, which outlives it, and calls it at most once.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// No pooled connection came within the bound.
struct LeaseTimeout: Error {
    let limit: Duration
}
