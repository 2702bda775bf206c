/// The `postgres` shared token store could not do what was asked.
///
/// ``message`` says what failed, why, and the fix. It never holds a token, the database password, the
/// encryption key or a row's contents: only the endpoint (`user@host:port/database`), the table name,
/// a key's digest prefix and PostgreSQL's own error code and message. The caller (the shared cache
/// layer) falls back to minting locally on any of these.
public struct PostgresTokenStoreError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case unreachable, refused, lockTimeout, undecryptable, schema, secret, query, closed
        }
        private let value: Value

        /// No connection within the bound: the server is down, unreachable, or TLS failed.
        public static let unreachable = Code(value: .unreachable)
        /// The server refused the login or a statement (password, pg_hba.conf, rights), or the URL or
        /// table name given in Swift is unusable.
        public static let refused = Code(value: .refused)
        /// Another process held the key's lock past the timeout.
        public static let lockTimeout = Code(value: .lockTimeout)
        /// A row does not decrypt under this store's key and key digest (another key, tampering, corruption).
        public static let undecryptable = Code(value: .undecryptable)
        /// The table is not one this version understands (a newer schema version, a foreign table).
        public static let schema = Code(value: .schema)
        /// The password or the encryption key could not be read from its key store, or is unusable.
        public static let secret = Code(value: .secret)
        /// Any other failure of a statement (timeouts, server errors).
        public static let query = Code(value: .query)
        /// The store was shut down.
        public static let closed = Code(value: .closed)

        /// The code's name, e.g. `lockTimeout`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, why, and the fix.
    public let message: String
    /// The error that caused this one, if any (never one carrying secret material).
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
