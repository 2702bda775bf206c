import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `query` to its end and returns its rows; fails at once when the connection closes, and
    /// after `limit` at most.
    ///
    /// postgres-nio drops a query written to a connection that has already closed without ever
    /// answering it: a server that stops (or terminates the backend) while the connection sits idle
    /// in a transaction, the lock holder minting a token, would leave the next statement waiting
    /// forever. So the query runs in a task of its own, and the caller waits for the first of: its
    /// rows, the connection closed, `limit` passed (then the connection is closed, which ends its
    /// transaction on the server). A query that was dropped leaves its task suspended; that costs a
    /// few hundred bytes once per lost connection.
    ///
    /// Reading the rows to their end matters: `query(_:logger:)` returns once the server has described
    /// the result, which for a `SELECT` can be before the statement has run (a
    /// `pg_advisory_xact_lock` still waiting); only the last row surfaces the statement's error.
    ///
    /// - Throws: PostgreSQL's error; ``ConnectionLost``; ``StatementDeadline``; `CancellationError`.
    func rows(_ query: PostgresQuery, logger: Logger, within limit: Duration) async throws -> [PostgresRow] {
        let outcome = FirstOutcome<[PostgresRow]>()
        let work = Task {
            do {
                var rows: [PostgresRow] = []
                for try await row in try await self.query(query, logger: logger) { rows.append(row) }
                outcome.settle(.success(rows))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let watcher = Task {
            let clock = ContinuousClock()
            let deadline = clock.now + limit
            while !Task.isCancelled {
                if self.isClosed {
                    outcome.settle(.failure(ConnectionLost()))
                    return
                }
                if clock.now >= deadline {
                    if outcome.settle(.failure(StatementDeadline(limit: limit))) { self.close(promise: nil) }
                    return
                }
                try? await Task.sleep(for: Self.closedCheckInterval)
            }
        }
        defer { watcher.cancel() }
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            work.cancel()
            outcome.settle(.failure(CancellationError()))
        }
    }

    /// Runs `query` to its end, dropping its rows; bounded like ``rows(_:logger:within:)``.
    func run(_ query: PostgresQuery, logger: Logger, within limit: Duration) async throws {
        _ = try await rows(query, logger: logger, within: limit)
    }

    /// How often a waiting statement checks whether its connection closed.
    private static let closedCheckInterval: Duration = .milliseconds(20)

    /// Closes the connection without waiting, ignoring a connection already closed.
    private func close(promise: EventLoopPromise<Void>?) {
        let closing: EventLoopFuture<Void> = close()
        closing.cascade(to: promise)
    }
}

/// The connection closed while a statement waited for its answer.
struct ConnectionLost: Error, CustomStringConvertible {
    var description: String { "the connection closed during the statement" }
}

/// A statement had no answer within its bound; its connection was closed.
struct StatementDeadline: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "no answer within \(limit)" }
}
