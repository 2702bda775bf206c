import SesameCore

/// What a registry's `postgres` `tokenCache` section says, read and checked in one place: by the
/// store's factory (SesamePostgresCache) and by the ValidateProviders build tool, which must not build
/// postgres-nio for the host.
///
/// `{"type": "postgres", "url": "postgres://USER@HOST:PORT/DATABASE", "password": KEYREF,
/// "encryptionKey": KEYREF, "table": "sesame_tokens"}`; see ``PostgresEndpoint`` for the URL.
/// Reading reports every problem with its path and reads no secret.
package struct PostgresTokenCacheSettings: Sendable {
    /// The `type` that selects the store.
    package static let type = "postgres"
    /// The store's one-line summary (`sesame providers list`, generated docs).
    package static let summary = "tokens shared by hosts through a PostgreSQL table, encrypted at rest (XChaCha20-Poly1305)"
    /// The table used when the section names none.
    package static let defaultTable = "sesame_tokens"

    /// The server, role, database and TLS mode; `sslrootcert` resolved against the registry's folder.
    package let endpoint: PostgresEndpoint
    /// The table's name, a valid ``PostgresTableName``.
    package let table: String
    /// The role's password, when the server asks for one.
    package let password: KeyReference?
    /// The secret the encryption key is derived from.
    package let encryptionKey: KeyReference

    /// The settings of `section`, or `nil` with its problems reported on it.
    package init?(_ section: ConfigSection) {
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
        if let table, let problem = PostgresTableName.problem(with: table) {
            section.report("table", problem)
            return nil
        }
        guard let endpoint, let encryptionKey else { return nil }
        self.endpoint = endpoint
        self.table = table ?? Self.defaultTable
        self.password = password
        self.encryptionKey = encryptionKey
    }
}
