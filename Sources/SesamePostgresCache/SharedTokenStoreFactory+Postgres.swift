import SesameCore
import SesamePostgresSettings

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
        type: PostgresTokenCacheSettings.type,
        summary: PostgresTokenCacheSettings.summary,
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
        guard let settings = PostgresTokenCacheSettings(section) else { return nil }
        var readPassword: (@Sendable () async throws -> SecretBytes)?
        var passwordSource = ""
        if let password = settings.password {
            readPassword = { try await password.read() }
            passwordSource = "\(section.path.appending("password")): \(password)"
        }
        let encryptionKey = settings.encryptionKey
        let readKey: @Sendable () async throws -> SecretBytes = { try await encryptionKey.read() }
        let configuration = Configuration(
            endpoint: settings.endpoint,
            table: settings.table,
            password: readPassword,
            passwordSource: passwordSource,
            encryptionKey: readKey,
            encryptionKeySource: "\(section.path.appending("encryptionKey")): \(encryptionKey)",
            logger: section.context.logger
        )
        return try? PostgresTokenStore(configuration: configuration)
    }
}
