import Foundation
import Logging
import PostgresNIO
import SesamePostgresSettings

/// The table the tokens live in, and every statement run on it.
///
/// Columns: `key_digest` (the ``SesameCore/SharedTokenKey`` digest, primary key), `nonce`,
/// `ciphertext`, `expires_at` (in clear, for cleanup) and `updated_at`. Nothing else: no provider
/// name, session or configuration. The schema version is the table's comment,
/// `sesame-token-cache schema 1`, written when Sesame creates the table.
struct TokenTable: Sendable {
    /// The schema version this build creates and reads.
    static let schemaVersion = 1
    static let commentPrefix = "sesame-token-cache schema "

    /// The table's name, a validated lowercase SQL identifier (so it is safe to splice into SQL).
    let name: String
    /// The longest the client waits for one statement's answer (the server's `statement_timeout`
    /// plus the time for the answer to arrive).
    let statementLimit: Duration

    /// A table named `name`, or `nil` when `name` is not a lowercase SQL identifier.
    init?(name: String, statementLimit: Duration) {
        guard Self.problem(withName: name) == nil else { return nil }
        self.name = name
        self.statementLimit = statementLimit
    }

    /// Why `name` cannot name the table, or `nil` when it can (see ``PostgresTableName``).
    static func problem(withName name: String) -> String? {
        PostgresTableName.problem(with: name)
    }

    // MARK: - Schema

    /// Creates the table when it is missing and checks the version of one that exists; serialized across
    /// hosts by a transaction-scoped advisory lock, since two concurrent `CREATE TABLE IF NOT EXISTS`
    /// can collide.
    func prepare(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("BEGIN", logger: logger, within: statementLimit)
        do {
            try await connection.run("SELECT pg_advisory_xact_lock(\(schemaLockID))", logger: logger, within: statementLimit)
            let exists = try await text("SELECT to_regclass(\(name))::text", on: connection, logger: logger)
            if exists == nil {
                try await connection.run(PostgresQuery(unsafeSQL: """
                    CREATE TABLE "\(name)" (
                        key_digest text PRIMARY KEY,
                        nonce bytea NOT NULL,
                        ciphertext bytea NOT NULL,
                        expires_at timestamptz NOT NULL,
                        updated_at timestamptz NOT NULL DEFAULT now()
                    )
                    """), logger: logger, within: statementLimit)
                try await connection.run(PostgresQuery(unsafeSQL: "CREATE INDEX \"\(name)_expires_at\" ON \"\(name)\" (expires_at)"), logger: logger, within: statementLimit)
                try await connection.run(PostgresQuery(unsafeSQL: "COMMENT ON TABLE \"\(name)\" IS '\(Self.commentPrefix)\(Self.schemaVersion)'"), logger: logger, within: statementLimit)
                logger.info("created the shared token table", metadata: ["table": "\(name)", "schema": "\(Self.schemaVersion)"])
            } else {
                let comment = try await text("SELECT obj_description(to_regclass(\(name)), 'pg_class')", on: connection, logger: logger)
                try checkVersion(comment)
            }
            try await connection.run("COMMIT", logger: logger, within: statementLimit)
        } catch {
            try? await connection.run("ROLLBACK", logger: logger, within: statementLimit)
            throw error
        }
    }

    /// The first column of the first row of `query`, which may be NULL.
    private func text(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        try await connection.rows(query, logger: logger, within: statementLimit).first?.decode(String?.self)
    }

    private func checkVersion(_ comment: String?) throws {
        guard let comment, comment.hasPrefix(Self.commentPrefix), let version = Int(comment.dropFirst(Self.commentPrefix.count)) else {
            throw PostgresTokenStoreError(
                .schema,
                "table \(name) exists but is not a Sesame token cache (its comment is not \"\(Self.commentPrefix)N\"); set \"table\" to another name, or drop that table if it is a leftover"
            )
        }
        if version > Self.schemaVersion {
            throw PostgresTokenStoreError(
                .schema,
                "table \(name) has schema version \(version), newer than this Sesame reads (\(Self.schemaVersion)); upgrade Sesame on this host, or set \"table\" to another name"
            )
        }
        guard version == Self.schemaVersion else {
            throw PostgresTokenStoreError(.schema, "table \(name) has unknown schema version \(version); drop it (it only holds cached tokens) and let Sesame create it again")
        }
    }

    /// One advisory lock per table name for the schema step, apart from the keys' locks (which are
    /// digests' first 8 bytes, so a collision is as unlikely as between two keys).
    private var schemaLockID: Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "sesame-token-cache schema lock \(name)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    // MARK: - Rows

    /// The nonce and ciphertext stored under `digest`, or `nil` when there is no row.
    func row(for digest: String, on connection: PostgresConnection, logger: Logger) async throws -> (nonce: [UInt8], ciphertext: [UInt8])? {
        let rows = try await connection.rows(
            "SELECT nonce, ciphertext FROM \(unescaped: quotedName) WHERE key_digest = \(digest)",
            logger: logger, within: statementLimit
        )
        guard let (nonce, ciphertext) = try rows.first?.decode((ByteBuffer, ByteBuffer).self) else { return nil }
        return (Array(buffer: nonce), Array(buffer: ciphertext))
    }

    /// Inserts or replaces the row of `digest`.
    func upsert(digest: String, nonce: [UInt8], ciphertext: [UInt8], expiresAt: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("""
            INSERT INTO \(unescaped: quotedName) (key_digest, nonce, ciphertext, expires_at, updated_at)
            VALUES (\(digest), \(ByteBuffer(bytes: nonce)), \(ByteBuffer(bytes: ciphertext)), \(expiresAt), now())
            ON CONFLICT (key_digest) DO UPDATE
            SET nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext, expires_at = EXCLUDED.expires_at, updated_at = now()
            """, logger: logger, within: statementLimit)
    }

    /// Deletes the rows whose token has expired; returns how many.
    func deleteExpired(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.rows("DELETE FROM \(unescaped: quotedName) WHERE expires_at < now() RETURNING 1", logger: logger, within: statementLimit).count
    }

    private var quotedName: String { "\"\(name)\"" }
}
