import Logging
import PostgresNIO

extension PostgresClientOwner {
    /// How long a direct login attempt's finding is reused, so that a server down costs one attempt
    /// per interval, not one per caller.
    static let probeInterval: Duration = .seconds(10)

    /// `error` as the store's error. When it is a ``LeaseTimeout`` (the pool found no connection in
    /// time, and says nothing of why), one direct login attempt finds the reason: the server's
    /// answer (a wrong password: `refused`) or the connection's failure (refused, TLS).
    func explain(_ error: any Error, doing: String) async -> PostgresTokenStoreError {
        let endpoint = configuration.endpoint
        let plain = PostgresTokenStoreError.wrapping(error, doing: doing, endpoint: endpoint)
        guard let timeout = error as? LeaseTimeout, !isClosed else { return plain }
        let now = ContinuousClock.now
        let found: (cause: PostgresTokenStoreError.Cause, error: any Error)?
        if let last = lastProbe, last.at.duration(to: now) < Self.probeInterval {
            found = last.found
        } else {
            found = await probe()
            lastProbe = (now, found)
        }
        guard let found else { return plain }
        return PostgresTokenStoreError(
            found.cause.code,
            "\(doing): \(found.cause.reason), for \(timeout.limit); \(found.cause.fix)",
            underlying: found.error
        )
    }

    /// One login with the store's settings, bounded by the connect timeout (the TCP connection, TLS
    /// and the login together); `nil` when it worked.
    private func probe() async -> (cause: PostgresTokenStoreError.Cause, error: any Error)? {
        let endpoint = configuration.endpoint
        let limit = configuration.connectTimeout
        let login = FirstOutcome<PostgresConnection>()
        do {
            let tls: PostgresConnection.Configuration.TLS = try tlsSettings.map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
            var settings = PostgresConnection.Configuration(
                host: endpoint.host, port: endpoint.port, username: endpoint.user,
                password: password, database: endpoint.database, tls: tls
            )
            settings.options.connectTimeout = .milliseconds(PostgresClientOwner.milliseconds(limit))
            let logger = quietLogger
            Task {
                do {
                    let connection = try await PostgresConnection.connect(configuration: settings, id: 0, logger: logger)
                    if !login.settle(.success(connection)) { try? await connection.close() }
                } catch {
                    login.settle(.failure(error))
                }
            }
            let timer = Task {
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                login.settle(.failure(LeaseTimeout(limit: limit)))
            }
            defer { timer.cancel() }
            let connection = try await login.value()
            try? await connection.close()
            return nil
        } catch {
            return (PostgresTokenStoreError.cause(of: error, endpoint: endpoint), error)
        }
    }
}
