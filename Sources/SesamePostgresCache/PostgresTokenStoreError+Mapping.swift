import PostgresNIO

extension PostgresTokenStoreError {
    /// `error`, thrown while `doing` something on `endpoint`, as this module's error: PostgreSQL's
    /// SQLSTATE and message when the server answered, the fix for each kind.
    ///
    /// PostgreSQL's messages name roles, tables and values of the statement; none of those is a secret
    /// here (rows hold ciphertext, and the password never travels in a statement).
    static func wrapping(_ error: any Error, doing: String, endpoint: PostgresEndpoint) -> PostgresTokenStoreError {
        if let error = error as? PostgresTokenStoreError { return error }
        let at = "PostgreSQL at \(endpoint)"
        if let timeout = error as? LeaseTimeout {
            return PostgresTokenStoreError(.unreachable, "\(doing): no connection to \(at) within \(timeout.limit); check that the server runs and accepts connections from this host (login, pg_hba.conf, TLS)", underlying: error)
        }
        guard let psql = error as? PSQLError else {
            return PostgresTokenStoreError(.unreachable, "\(doing) failed: no connection to \(at) (\(type(of: error))); check that the server runs and accepts connections from this host", underlying: error)
        }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? "?"
            let text = psql.serverInfo?[.message].map { Self.sanitized($0) } ?? "no message"
            let said = "\(at) answered \(state) \"\(text)\""
            switch state {
            case "55P03":
                return PostgresTokenStoreError(.lockTimeout, "\(doing): the key's lock was held by another process past the timeout (\(said)); the token is minted locally this time", underlying: psql)
            case "28P01", "28000":
                return PostgresTokenStoreError(.refused, "\(doing): login refused (\(said)); check the URL's user and the \"password\" key store entry, and pg_hba.conf for this host", underlying: psql)
            case "3D000":
                return PostgresTokenStoreError(.refused, "\(doing): \(said); create the database or fix the URL's path", underlying: psql)
            case "42501":
                return PostgresTokenStoreError(.refused, "\(doing): \(said); grant the role CREATE on the schema (first use) and SELECT, INSERT, UPDATE, DELETE on the table", underlying: psql)
            case "42P01", "42703", "42804":
                return PostgresTokenStoreError(.schema, "\(doing): \(said); the table does not have Sesame's columns: set \"table\" to another name, or drop it to let Sesame create it", underlying: psql)
            case let state where state.hasPrefix("57P") || state.hasPrefix("08"):
                return PostgresTokenStoreError(.unreachable, "\(doing): \(said); the server is shutting down, starting or dropped the connection; Sesame reconnects by itself", underlying: psql)
            default:
                return PostgresTokenStoreError(.query, "\(doing): \(said)", underlying: psql)
            }
        case .poolClosed:
            return PostgresTokenStoreError(.closed, "\(doing): the store was shut down; build a new one", underlying: psql)
        case .queryCancelled:
            return PostgresTokenStoreError(.unreachable, "\(doing): no connection to \(at) in time; check that the server runs and accepts connections from this host", underlying: psql)
        case .sslUnsupported:
            return PostgresTokenStoreError(.unreachable, "\(doing): \(at) does not offer TLS, which the URL's sslmode requires; enable ssl on the server, or remove sslmode on a network you trust", underlying: psql)
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return PostgresTokenStoreError(.refused, "\(doing): login to \(at) failed (\(psql.code)); set \"password\" to a key store entry holding the role's password", underlying: psql)
        default:
            return PostgresTokenStoreError(.unreachable, "\(doing): the connection to \(at) failed (\(psql.code)); Sesame reconnects by itself", underlying: psql)
        }
    }

    /// A server message, printable and at most 200 characters.
    private static func sanitized(_ text: String) -> String {
        let printable = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        return printable.count > 200 ? String(printable.prefix(200)) + "…" : printable
    }
}
