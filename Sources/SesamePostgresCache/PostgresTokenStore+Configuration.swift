import Logging
import SesameCore

extension PostgresTokenStore {
    /// What a ``PostgresTokenStore`` connects to and how it encrypts; the registry's `postgres`
    /// `tokenCache` section builds one.
    public struct Configuration: Sendable {
        /// The server, role, database and TLS mode.
        public var endpoint: PostgresEndpoint
        /// The table's name: a lowercase SQL identifier (default `sesame_tokens`).
        public var table: String
        /// Reads the role's password; `nil` for trust or certificate authentication.
        public var password: (@Sendable () async throws -> SecretBytes)?
        /// Reads the secret the encryption key is derived from (at least 16 bytes, ideally 32 random ones).
        public var encryptionKey: @Sendable () async throws -> SecretBytes
        /// Names the password's source in messages (a key reference as `store:name`; may be empty),
        /// never its value.
        public var passwordSource: String
        /// Names the encryption key's source in messages, like ``passwordSource``.
        public var encryptionKeySource: String
        /// How long an operation waits for a connection (TCP, TLS, login, or a free pooled one) before it
        /// fails with `.unreachable`. Default 3 s.
        public var connectTimeout: Duration
        /// The longest a single statement may run on the server (`statement_timeout`), the lock wait
        /// aside. Default 5 s.
        public var statementTimeout: Duration
        /// At most this many connections to the server (default 4): one per concurrent lock holder or read.
        public var maximumConnections: Int
        /// Where the store logs (never a token, the password or the key).
        public var logger: Logger

        /// A configuration with the defaults above.
        public init(
            endpoint: PostgresEndpoint,
            table: String = "sesame_tokens",
            password: (@Sendable () async throws -> SecretBytes)? = nil,
            passwordSource: String = "",
            encryptionKey: @escaping @Sendable () async throws -> SecretBytes,
            encryptionKeySource: String = "",
            connectTimeout: Duration = .seconds(3),
            statementTimeout: Duration = .seconds(5),
            maximumConnections: Int = 4,
            logger: Logger = Logger(label: "sesame", factory: { _ in SwiftLogNoOpLogHandler() })
        ) {
            self.endpoint = endpoint
            self.table = table
            self.password = password
            self.passwordSource = passwordSource
            self.encryptionKey = encryptionKey
            self.encryptionKeySource = encryptionKeySource
            self.connectTimeout = connectTimeout
            self.statementTimeout = statementTimeout
            self.maximumConnections = maximumConnections
            self.logger = logger
        }
    }
}
