import SesameCore

extension SharedTokenStoreFactory {
    /// `{"type": "postgres", "url": "postgres://USER@HOST:PORT/DATABASE", "password": KEYREF,
    /// "encryptionKey": KEYREF, "table": "sesame_tokens"}`: a ``PostgresTokenStore``.
    ///
    /// `url` and `encryptionKey` are required; `password` (for password authentication) and `table`
    /// (a lowercase SQL identifier, default `sesame_tokens`) are optional. `url` may end in
    /// `?sslmode=require` or `?sslmode=verify-full` for TLS, with `&sslrootcert=FILE` (relative to the
    /// registry's folder) for a private CA. Nothing is read or connected here: the
    /// secrets are read and the server reached on the store's first use.
    public static let postgres = SharedTokenStoreFactory(
        type: "postgres",
        summary: "tokens shared by hosts through a PostgreSQL table, encrypted at rest (XChaCha20-Poly1305)",
        make: { section in PostgresTokenStore.fromRegistry(section) }
    )
}

extension PluginSet {
    /// Adds the `postgres` token cache type (``SesameCore/SharedTokenStoreFactory/postgres``).
    public mutating func registerPostgresTokenCache() {
        register(SharedTokenStoreFactory.postgres)
    }
}

extension PostgresTokenStore {
    /// The store a registry's `postgres` section describes, or `nil` with its problems reported.
    static func fromRegistry(_ section: ConfigSection) -> PostgresTokenStore? {
        let url = section.string("url", required: true)
        let password = section.keyReference("password")
        let encryptionKey = section.keyReference("encryptionKey", required: true)
        let table = section.string("table")
        var endpoint: PostgresEndpoint?
        if let url {
            do {
                let parsed = try PostgresEndpoint(url: url)
                endpoint = PostgresEndpoint(
                    user: parsed.user, host: parsed.host, port: parsed.port, database: parsed.database, tls: parsed.tls,
                    rootCertificates: parsed.rootCertificates.map { section.resolvePath($0) }
                )
            } catch let error as PostgresTokenStoreError {
                section.report("url", error.message)
            } catch {
                section.report("url", "\(error)")
            }
        }
        if let table, let problem = TokenTable.problem(withName: table) {
            section.report("table", problem)
            return nil
        }
        guard let endpoint, let encryptionKey else { return nil }
        var readPassword: (@Sendable () async throws -> SecretBytes)?
        var passwordSource = ""
        if let password {
            readPassword = { try await password.read() }
            passwordSource = "\(section.path.appending("password")): \(password)"
        }
        let readKey: @Sendable () async throws -> SecretBytes = { try await encryptionKey.read() }
        let configuration = Configuration(
            endpoint: endpoint,
            table: table ?? "sesame_tokens",
            password: readPassword,
            passwordSource: passwordSource,
            encryptionKey: readKey,
            encryptionKeySource: "\(section.path.appending("encryptionKey")): \(encryptionKey)",
            logger: section.context.logger
        )
        return try? PostgresTokenStore(configuration: configuration)
    }
}
