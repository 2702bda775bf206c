import Foundation

/// Where the `postgres` token store connects:
/// `postgres://USER@HOST:PORT/DATABASE[?sslmode=MODE[&sslrootcert=PEM_FILE]]`.
///
/// Parsed strictly: the scheme is `postgres` or `postgresql`; user, host and database are required;
/// the port defaults to 5432; the only query parameters are `sslmode` and, with `verify-full`,
/// `sslrootcert` (the CA certificates to trust instead of the system's); a password in the URL is
/// refused (it would be printed with the URL; the registry's `"password"` names a key store entry).
public struct PostgresEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is secured, from `sslmode`.
    public enum TLSMode: String, Sendable, Hashable {
        /// No TLS (`sslmode` absent or `disable`).
        case disable
        /// TLS required, the server's certificate not verified (`require`, as in libpq): encrypted, but
        /// open to an active man in the middle.
        case require
        /// TLS required, the certificate verified against the system's trust roots and the host name
        /// (`verify-full`).
        case verifyFull = "verify-full"
    }

    /// The role to log in as.
    public let user: String
    /// The server's host name or IP address (IPv6 without brackets).
    public let host: String
    /// The server's TCP port.
    public let port: Int
    /// The database holding the table.
    public let database: String
    /// The TLS mode.
    public let tls: TLSMode
    /// With ``TLSMode/verifyFull``: a PEM file of the CA certificates to trust instead of the system's
    /// (`sslrootcert`); `nil` for the system's.
    public let rootCertificates: String?

    /// Creates an endpoint from its parts.
    public init(user: String, host: String, port: Int = 5432, database: String, tls: TLSMode = .disable, rootCertificates: String? = nil) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
        self.rootCertificates = rootCertificates
    }

    /// Parses a `postgres://` URL.
    ///
    /// - Throws: ``PostgresTokenStoreError`` `.refused` saying what is wrong and the fix; the message
    ///   never repeats a password found in the URL.
    public init(url text: String) throws {
        func refuse(_ reason: String) -> PostgresTokenStoreError {
            PostgresTokenStoreError(.refused, reason)
        }
        let example = "postgres://USER@HOST:5432/DATABASE"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw refuse("is not a URL; write \(example)")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw refuse("has scheme \"\(scheme)\"; use postgres:// (\(example))")
        }
        guard components.password == nil else {
            throw refuse("must not carry a password (USER:PASSWORD@HOST): it would be printed with the URL; use \"password\": {\"store\": …, \"name\": …} to read it from a key store")
        }
        guard let user = components.user, !user.isEmpty else {
            throw refuse("names no user; write \(example)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw refuse("names no host; write \(example)")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw refuse("has port \(port), outside 1-65535")
        }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        guard !path.isEmpty else { throw refuse("names no database; write \(example)") }
        guard !path.contains("/") else { throw refuse("has a path \"/\(path)\"; the path is the database name alone, e.g. /sesame") }
        guard components.fragment == nil else { throw refuse("must not have a fragment (#…)") }
        var tls = TLSMode.disable
        var rootCertificates: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: item.value ?? "") else {
                    throw refuse("has sslmode \"\(item.value ?? "")\"; use disable, require or verify-full")
                }
                tls = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else { throw refuse("has an empty sslrootcert; name a PEM file of CA certificates") }
                rootCertificates = path
            default:
                throw refuse("has the parameter \"\(item.name)\"; the parameters understood are sslmode (disable, require or verify-full) and sslrootcert")
            }
        }
        if rootCertificates != nil && tls != .verifyFull {
            throw refuse("has sslrootcert without sslmode=verify-full; add sslmode=verify-full (the certificates are only used to verify the server)")
        }
        self.init(
            user: user,
            host: host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host,
            port: components.port ?? 5432,
            database: path,
            tls: tls,
            rootCertificates: rootCertificates
        )
    }

    /// `USER@HOST:PORT/DATABASE` (never a password: the endpoint holds none).
    public var description: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        return "\(user)@\(hostText):\(port)/\(database)"
    }
}
