import SesamePostgresSettings

/// The endpoint of a ``PostgresTokenStore``; declared in SesamePostgresSettings, which the
/// ValidateProviders build tool shares without postgres-nio.
public typealias PostgresEndpoint = SesamePostgresSettings.PostgresEndpoint

/// The error of every ``PostgresTokenStore`` operation; declared in SesamePostgresSettings, since
/// parsing a ``PostgresEndpoint`` URL throws it too.
public typealias PostgresTokenStoreError = SesamePostgresSettings.PostgresTokenStoreError
