import Logging

/// An ``OAuth2TokenServer`` serving on loopback, as handed to the body of
/// ``withOAuth2TokenServer(_:logger:isolation:_:)``.
public struct RunningOAuth2TokenServer: Sendable {
    /// The server (counters, records, faults).
    public let server: OAuth2TokenServer
    /// The address it listens on.
    public let host: String
    /// The port it listens on.
    public let port: Int

    /// The token endpoint URL: `http://127.0.0.1:PORT/oauth2/token`.
    public var tokenURL: String { "http://\(host):\(port)\(server.configuration.tokenPath)" }

    /// A copy of the counters.
    public var stats: OAuth2TokenServerStats { server.stats }

    /// Every token request received, in order.
    public var received: [ReceivedTokenRequest] { server.received }

    /// Replaces the faults still to inject.
    public func setFaults(_ faults: OAuth2TokenServerFaults) { server.setFaults(faults) }
}

/// Starts an OAuth 2.0 token server on an ephemeral loopback port, runs `body`, and stops the
/// server whether `body` returns or throws.
///
/// ```swift
/// let client = OAuth2TestClient(id: "reports", secret: "s3cret", allowedScopes: ["reports.read"])
/// try await withOAuth2TokenServer(OAuth2TokenServerConfiguration(clients: [client])) { server in
///     let token = try await provider(tokenURL: server.tokenURL).fetchToken(TokenRequest())
///     #expect(server.stats.tokensIssued == 1)
/// }
/// ```
///
/// - Throws: what `body` throws; ``OAuth2TokenServerError`` when the server stops before it listens.
public func withOAuth2TokenServer<T: Sendable>(
    _ configuration: OAuth2TokenServerConfiguration,
    logger: Logger = Logger(label: "OAuth2TokenServer", factory: { _ in SwiftLogNoOpLogHandler() }),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (RunningOAuth2TokenServer) async throws -> T
) async throws -> T {
    let server = OAuth2TokenServer(configuration: configuration, logger: logger)
    let host = "127.0.0.1"
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
        group.addTask {
            defer { portContinuation.finish() }
            try await server.run(host: host, port: 0) { port in portContinuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            var failure: (any Error)?
            do { try await group.next() } catch { failure = error }
            throw OAuth2TokenServerError(description: "the OAuth 2.0 token server stopped before listening on \(host)" + (failure.map { ": \($0)" } ?? ""))
        }
        defer { group.cancelAll() }
        return try await body(RunningOAuth2TokenServer(server: server, host: host, port: port))
    }
}

/// The token server could not start.
public struct OAuth2TokenServerError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
}
