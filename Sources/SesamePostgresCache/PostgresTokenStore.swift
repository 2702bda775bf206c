import Foundation
import Logging
import PostgresNIO
import SesameCore
import Synchronization

/// A ``SesameCore/SharedTokenStore`` in one PostgreSQL table, for processes on many hosts.
///
/// - Rows are keyed by the key's digest alone and hold the token encrypted with XChaCha20-Poly1305
///   under a key derived from the `encryptionKey` secret; the associated data is the digest, so a
///   row copied under another key does not decrypt. A dump or a replica holds no usable token.
/// - ``token(for:)`` is one `SELECT`, without a lock.
/// - ``withLock(on:timeout:_:)`` is one transaction on one connection holding
///   `pg_advisory_xact_lock(key.lockID)`, waited for at most `timeout` (`SET LOCAL lock_timeout`).
///   PostgreSQL releases the lock at commit, at rollback, and when the holder's connection dies (a
///   process killed with SIGKILL included). The slot reads and writes on that connection.
/// - Nothing happens until the first call: then the secrets are read, the client starts, and the
///   table is created (or its schema version checked). A failure there is retried on the next call.
/// - Every wait is bounded: a connection within ``Configuration/connectTimeout``, each statement
///   within ``Configuration/statementTimeout`` on the server and that plus the connect timeout on the
///   client; a statement fails at once when its connection closes (a server stopping mid-exchange).
/// - Expired rows are deleted after a write, at most once every 10 minutes per store.
/// - ``shutdown()`` closes the connections; see ``PostgresClientOwner`` for the task that runs them.
///
/// Errors are ``PostgresTokenStoreError``s; an error thrown by the body of `withLock` is rethrown as it is.
public final class PostgresTokenStore: SharedTokenStore, CustomStringConvertible {
    /// How often, at most, a store deletes expired rows.
    static let cleanupInterval: Duration = .seconds(600)

    /// The settings the store was built with.
    public let configuration: Configuration
    let table: TokenTable
    private let owner: PostgresClientOwner
    private let lastCleanup = Mutex<ContinuousClock.Instant?>(nil)

    /// Creates a store; connects on first use.
    ///
    /// - Throws: ``PostgresTokenStoreError`` `.refused` when `configuration.table` is not a lowercase SQL identifier.
    public init(configuration: Configuration) throws {
        guard let table = TokenTable(name: configuration.table, statementLimit: configuration.statementTimeout + configuration.connectTimeout) else {
            throw PostgresTokenStoreError(.refused, "table \"\(configuration.table)\" \(TokenTable.problem(withName: configuration.table) ?? "is invalid")")
        }
        self.configuration = configuration
        self.table = table
        self.owner = PostgresClientOwner(configuration: configuration, table: table)
    }

    /// `postgres USER@HOST:PORT/DATABASE table NAME`.
    public var description: String { "postgres \(configuration.endpoint) table \(table.name)" }

    /// Closes the connections and stops the client's task; later calls throw `.closed`.
    public func shutdown() async {
        await owner.shutdown()
    }

    /// The token stored under `key`, or `nil`; one `SELECT`, no lock.
    ///
    /// - Throws: ``PostgresTokenStoreError``: `.undecryptable` for a row that does not decrypt under
    ///   this store's key and `key`'s digest, `.unreachable`, `.query`, …
    public func token(for key: SharedTokenKey) async throws -> AccessToken? {
        let session = try await owner.ready()
        let table = self.table
        let logger = configuration.logger
        let row: (nonce: [UInt8], ciphertext: [UInt8])?
        do {
            row = try await session.client.withConnection(leasedWithin: configuration.connectTimeout) { connection in
                try await table.row(for: key.digest, on: connection, logger: logger)
            }
        } catch {
            throw await owner.explain(error, doing: "reading the shared token \(key.digest.prefix(8))…")
        }
        guard let row else { return nil }
        return try open(row, key: key, cipher: session.cipher)
    }

    /// Runs `body` holding `key`'s advisory lock in one transaction, waiting at most `timeout` for it.
    ///
    /// The transaction commits when `body` returns and rolls back when it throws; either releases the
    /// lock. An error `body` throws comes out unchanged.
    ///
    /// - Throws: ``PostgresTokenStoreError``: `.lockTimeout` when another holder kept the lock past
    ///   `timeout`, `.unreachable`, …; or `body`'s error.
    public func withLock<Result: Sendable>(
        on key: SharedTokenKey,
        timeout: Duration,
        _ body: (any SharedTokenSlot) async throws -> Result
    ) async throws -> Result {
        let session = try await owner.ready()
        let lockMilliseconds = PostgresClientOwner.milliseconds(timeout)
        let statementMilliseconds = max(PostgresClientOwner.milliseconds(configuration.statementTimeout), lockMilliseconds + 1000)
        let limit = table.statementLimit
        let lockLimit = .milliseconds(statementMilliseconds) + configuration.connectTimeout
        let slot = PostgresTokenSlot(store: self, key: key, cipher: session.cipher)
        let logger = configuration.logger
        do {
            let result = try await session.client.withConnection(leasedWithin: configuration.connectTimeout) { connection in
                slot.connection = connection
                defer { slot.connection = nil }
                try await connection.run("BEGIN", logger: logger, within: limit)
                let result: Result
                do {
                    try await connection.run(PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = \(lockMilliseconds)"), logger: logger, within: limit)
                    try await connection.run(PostgresQuery(unsafeSQL: "SET LOCAL statement_timeout = \(statementMilliseconds)"), logger: logger, within: limit)
                    try await connection.run("SELECT pg_advisory_xact_lock(\(key.lockID))", logger: logger, within: lockLimit)
                } catch {
                    try? await connection.run("ROLLBACK", logger: logger, within: limit)
                    throw error
                }
                do {
                    result = try await body(slot)
                } catch {
                    try? await connection.run("ROLLBACK", logger: logger, within: limit)
                    throw BodyFailure(error: error)
                }
                try await connection.run("COMMIT", logger: logger, within: limit)
                if slot.didStore { await deleteExpiredIfDue(on: connection) }
                return result
            }
            return result
        } catch let failure as BodyFailure {
            throw failure.error
        } catch {
            throw await owner.explain(error, doing: "locking the shared token \(key.digest.prefix(8))…")
        }
    }

    // MARK: - For the slot

    /// The token in `row`, or `.undecryptable`.
    func open(_ row: (nonce: [UInt8], ciphertext: [UInt8]), key: SharedTokenKey, cipher: TokenCipher) throws -> AccessToken {
        guard let token = SealedToken.open(nonce: row.nonce, ciphertext: row.ciphertext, digest: key.digest, cipher: cipher) else {
            throw PostgresTokenStoreError(
                .undecryptable,
                "the shared token \(key.digest.prefix(8))… in table \(table.name) does not decrypt with this host's encryptionKey (written with another key, copied from another row, or altered); it is replaced by the next token minted; if it keeps happening, give every host the same encryptionKey"
            )
        }
        return token
    }

    func wrapping(_ error: any Error, doing: String) -> PostgresTokenStoreError {
        PostgresTokenStoreError.wrapping(error, doing: doing, endpoint: configuration.endpoint)
    }

    /// Deletes expired rows when the last cleanup by this store is older than ``cleanupInterval``. A
    /// failure is logged and left: the rows are only dead weight.
    private func deleteExpiredIfDue(on connection: PostgresConnection) async {
        let now = ContinuousClock.now
        let due = lastCleanup.withLock { last in
            if let previous = last, previous.duration(to: now) < Self.cleanupInterval { return false }
            last = now
            return true
        }
        guard due else { return }
        do {
            let deleted = try await table.deleteExpired(on: connection, logger: configuration.logger)
            if deleted > 0 {
                configuration.logger.debug("deleted expired shared tokens", metadata: ["table": "\(table.name)", "rows": "\(deleted)"])
            }
        } catch {
            configuration.logger.notice("could not delete expired shared tokens", metadata: ["reason": "\(wrapping(error, doing: "cleanup"))"])
        }
    }

    /// Carries an error thrown by `withLock`'s body past the store's own error mapping.
    private struct BodyFailure: Error {
        let error: any Error
    }
}
