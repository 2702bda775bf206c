import PostgresNIO

extension PostgresTokenStoreError {
    /// What went wrong with PostgreSQL, in parts: the code, the reason (naming the server) and the fix.
    struct Cause {
        let code: Code
        let reason: String
        let fix: String
    }

    /// `error`, thrown while `doing` something on `endpoint`, as this module's error:
    /// `DOING: REASON; FIX`.
    static func wrapping(_ error: any Error, doing: String, endpoint: PostgresEndpoint) -> PostgresTokenStoreError {
        if let error = error as? PostgresTokenStoreError { return error }
        let cause = cause(of: error, endpoint: endpoint)
        return PostgresTokenStoreError(cause.code, "\(doing): \(cause.reason); \(cause.fix)", underlying: error)
    }

    /// Why `error` happened: PostgreSQL's SQLSTATE and message when the server answered, the
    /// connection's failure otherwise.
    ///
    /// PostgreSQL's messages name roles, tables and values of the statement; none of those is a secret
    /// here (rows hold ciphertext, and the password never travels in a statement).
    static func cause(of error: any Error, endpoint: PostgresEndpoint) -> Cause {
        let at = "PostgreSQL at \(endpoint)"
        let reconnect = "check that the server runs and accepts connections from this host; the store reconnects by itself"
        if let timeout = error as? LeaseTimeout {
            return Cause(code: .unreachable, reason: "no connection to \(at) within \(timeout.limit)", fix: reconnect)
        }
        if error is ConnectionLost {
            return Cause(code: .unreachable, reason: "the connection to \(at) closed during a statement (the server stopped, restarted or ended the session)", fix: reconnect)
        }
        if let deadline = error as? StatementDeadline {
            return Cause(code: .unreachable, reason: "\(at) did not answer a statement within \(deadline.limit), so the connection was closed", fix: "check the network path to the server and its load; the store reconnects by itself")
        }
        guard let psql = error as? PSQLError else {
            return Cause(code: .unreachable, reason: "no connection to \(at) (\(connectionFailure(error, endpoint: endpoint)))", fix: reconnect)
        }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? "?"
            let text = psql.serverInfo?[.message].map { sanitized($0) } ?? "no message"
            let said = "\(at) answered \(state) \"\(text)\""
            switch state {
            case "55P03":
                return Cause(code: .lockTimeout, reason: "another process held the key's lock past the timeout (\(said))", fix: "if this recurs, the holder is slow to mint (a slow token endpoint) or the lock timeout is too short")
            case "28P01", "28000":
                return Cause(code: .refused, reason: "login refused (\(said))", fix: "check the URL's user and the \"password\" key store entry, and pg_hba.conf for this host")
            case "3D000":
                return Cause(code: .refused, reason: said, fix: "create the database or fix the URL's path")
            case "42501":
                return Cause(code: .refused, reason: said, fix: "grant the role CREATE on the schema (first use) and SELECT, INSERT, UPDATE, DELETE on the table")
            case "42P01", "42703", "42804":
                return Cause(code: .schema, reason: said, fix: "the table does not have Sesame's columns: set \"table\" to another name, or drop it to let Sesame create it")
            case let state where state.hasPrefix("57P") || state.hasPrefix("08"):
                return Cause(code: .unreachable, reason: said, fix: "the server is shutting down, starting, or dropped the connection; the store reconnects by itself")
            default:
                return Cause(code: .query, reason: said, fix: "see PostgreSQL's message")
            }
        case .poolClosed:
            return Cause(code: .closed, reason: "the store was shut down", fix: "build a new one")
        case .sslUnsupported:
            return Cause(code: .unreachable, reason: "\(at) offers no TLS, which the URL's sslmode requires", fix: "enable ssl on the server, or drop sslmode on a network you trust")
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return Cause(code: .refused, reason: "login to \(at) refused (\(psql.code))", fix: "set \"password\" to a key store entry holding the role's password")
        default:
            let failure = psql.underlying.map { connectionFailure($0, endpoint: endpoint) } ?? "\(psql.code)"
            return Cause(code: .unreachable, reason: "the connection to \(at) failed (\(failure))", fix: reconnect)
        }
    }

    /// A connection failure in a few words: the common ones named, any other shortened.
    private static func connectionFailure(_ error: any Error, endpoint: PostgresEndpoint) -> String {
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's TLS certificate does not verify for \(endpoint.host) (sslmode=verify-full); use a certificate from a trusted CA, or sslmode=require"
        }
        if text.contains("Connection refused") { return "connection refused: nothing listens on \(endpoint.host):\(endpoint.port)" }
        if text.lowercased().contains("timeout") || text.lowercased().contains("timed out") { return "timed out" }
        return sanitized(text)
    }

    /// A server or system message, printable and at most 200 characters.
    private static func sanitized(_ text: String) -> String {
        let printable = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        return printable.count > 200 ? String(printable.prefix(200)) + "…" : printable
    }
}
