import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `query` to its end, reading and dropping any rows.
    ///
    /// `query(_:logger:)` returns once the server has described the result, which for a `SELECT` can
    /// be before the statement has run (a `pg_advisory_xact_lock` still waiting): only reading the rows
    /// to their end waits for the statement, and surfaces its error.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
