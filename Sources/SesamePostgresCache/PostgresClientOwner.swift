import Logging
import PostgresNIO
import SesameCore
import Synchronization

/// Owns a ``PostgresTokenStore``'s `PostgresClient`: reads the secrets and creates the client on
/// first use, runs it, prepares the table once, and closes it on ``shutdown()``.
///
/// `PostgresClient` serves connections only while its `run()` is being awaited. A library cannot ask
/// its caller for a long-running task, so the owner starts `run()` in a detached task of its own
/// (detached: it belongs to the store, not to the first caller, whose priority, task-locals and
/// cancellation it must not take). ``shutdown()`` cancels that task and waits for the connections
/// to close; releasing the store without it cancels the task too, without waiting.
///
/// A failed start (a secret unreadable, the server down) is not kept: the next call tries again, so
/// the store recovers by itself. Secrets read successfully, and the client, are kept.
actor PostgresClientOwner {
    /// What an operation needs.
    struct Session: Sendable {
        let client: PostgresClient
        let cipher: TokenCipher
    }

    let configuration: PostgresTokenStore.Configuration
    private let table: TokenTable
    private var session: Session?
    private var tableReady = false
    private var startup: Task<Session, any Error>?
    private(set) var isClosed = false
    /// The role's password, kept for ``explain(_:doing:)``'s direct login attempt.
    private(set) var password: String?
    /// The last direct login attempt: when, and what it found (`nil`: the login worked).
    var lastProbe: (at: ContinuousClock.Instant, found: (cause: PostgresTokenStoreError.Cause, error: any Error)?)?
    private nonisolated let runTask = Mutex<Task<Void, Never>?>(nil)

    init(configuration: PostgresTokenStore.Configuration, table: TokenTable) {
        self.configuration = configuration
        self.table = table
    }

    deinit {
        runTask.withLock { $0?.cancel() }
    }

    /// The client and cipher, the table ready; starts them on first use.
    ///
    /// - Throws: ``PostgresTokenStoreError`` (`.secret`, `.unreachable`, `.schema`, `.closed`, …).
    func ready() async throws -> Session {
        if isClosed { throw Self.closedError }
        if tableReady, let session { return session }
        if let startup { return try await startup.value }
        let attempt = Task { try await self.start() }
        startup = attempt
        do {
            let session = try await attempt.value
            startup = nil
            return session
        } catch {
            startup = nil
            throw error
        }
    }

    /// Closes the client and waits for its connections to close; later calls throw `.closed`.
    func shutdown() async {
        isClosed = true
        let task = runTask.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    private func start() async throws -> Session {
        let session: Session
        if let existing = self.session {
            session = existing
        } else {
            session = try await makeSession()
        }
        guard !isClosed else { throw Self.closedError }
        self.session = session
        if !tableReady {
            let table = self.table
            let logger = configuration.logger
            do {
                try await session.client.withConnection(leasedWithin: configuration.connectTimeout) { connection in
                    try await table.prepare(on: connection, logger: logger)
                }
            } catch {
                throw await explain(error, doing: "preparing table \(table.name)")
            }
            tableReady = true
            configuration.logger.debug("shared token table ready", metadata: ["postgres": "\(configuration.endpoint)", "table": "\(table.name)"])
        }
        return session
    }

    private func makeSession() async throws -> Session {
        let cipher = try TokenCipher(secret: try await read(configuration.encryptionKey, what: "encryptionKey", source: configuration.encryptionKeySource), source: configuration.encryptionKeySource)
        var password: String?
        if let reader = configuration.password {
            let secret = try await read(reader, what: "password", source: configuration.passwordSource)
            // postgres-nio takes the password as a String; it stays in the client's configuration.
            password = secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        }
        guard !isClosed else { throw Self.closedError }
        self.password = password
        let client = PostgresClient(configuration: clientConfiguration(password: password), backgroundLogger: quietLogger)
        let task = Task.detached { await client.run() }
        runTask.withLock { $0 = task }
        return Session(client: client, cipher: cipher)
    }

    private func read(_ reader: @Sendable () async throws -> SecretBytes, what: String, source: String) async throws -> SecretBytes {
        do {
            return try await reader()
        } catch {
            throw PostgresTokenStoreError(.secret, "the \(what)\(Self.naming(source)) cannot be read: \(error)", underlying: error)
        }
    }

    /// The TLS settings of the URL's `sslmode`, or `nil` for no TLS.
    var tlsSettings: TLSConfiguration? {
        switch configuration.endpoint.tls {
        case .disable:
            return nil
        case .require:
            var settings = TLSConfiguration.makeClientConfiguration()
            settings.certificateVerification = .none
            return settings
        case .verifyFull:
            var settings = TLSConfiguration.makeClientConfiguration()
            if let path = configuration.endpoint.rootCertificates { settings.trustRoots = .file(path) }
            return settings
        }
    }

    private func clientConfiguration(password: String?) -> PostgresClient.Configuration {
        let endpoint = configuration.endpoint
        let tls: PostgresClient.Configuration.TLS = tlsSettings.map { .require($0) } ?? .disable
        var client = PostgresClient.Configuration(
            host: endpoint.host, port: endpoint.port, username: endpoint.user,
            password: password, database: endpoint.database, tls: tls
        )
        client.options.connectTimeout = configuration.connectTimeout
        client.options.maximumConnections = max(1, configuration.maximumConnections)
        client.options.additionalStartupParameters = [
            ("statement_timeout", "\(Self.milliseconds(configuration.statementTimeout))"),
            ("application_name", "sesame-token-cache"),
        ]
        return client
    }

    /// postgres-nio's own log lines at notice and above only: its debug and trace lines describe the
    /// wire protocol, which is no business of the store's log.
    var quietLogger: Logger {
        var logger = configuration.logger
        logger.logLevel = max(logger.logLevel, .notice)
        return logger
    }

    /// `duration` in whole milliseconds, at least 1 (0 would mean "no limit" to PostgreSQL).
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// ` (SOURCE)`, or nothing when the source is unnamed.
    static func naming(_ source: String) -> String {
        source.isEmpty ? "" : " (\(source))"
    }

    private static var closedError: PostgresTokenStoreError {
        PostgresTokenStoreError(.closed, "the postgres token store was shut down; build a new one")
    }
}
