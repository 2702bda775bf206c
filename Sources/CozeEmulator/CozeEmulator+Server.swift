import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

extension CozeEmulator {
    /// Serves the emulator on `host`:`port` until the calling task is cancelled.
    ///
    /// Call it once per emulator: the counters, used `jti` values and tokens belong to the emulator.
    /// It installs no signal handlers. To stop gently, trigger a graceful shutdown (run it as a
    /// swift-service-lifecycle `Service`): it stops accepting, lets requests in progress finish, and
    /// returns. Cancel the task to stop at once (in-flight requests are abandoned and every client
    /// connection is closed, so no client keeps a pooled connection to a stopped emulator).
    /// Clients are held to ``CozeEmulatorConfiguration/connectionLimits``.
    ///
    /// - Parameters:
    ///   - host: the address to bind; default loopback.
    ///   - port: the port; 0 picks a free one.
    ///   - onListening: called once, with the bound port, when the server accepts connections.
    /// - Throws: ``CozeEmulatorError`` (`.serverFailed`) when the server cannot bind (the port is
    ///   taken, the host is not local); after cancellation it returns or throws `CancellationError`.
    public func run(host: String = "127.0.0.1", port: Int = 0, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let faults = faultInjector
        let stats = recorder
        let logger = logger
        let boundPort = boundPort
        let connections = ConnectionTracker()
        let limits = configuration.connectionLimits
        let now = configuration.now
        let requestTimeout = TimeAmount(limits.requestTimeout)
        let application = Application(
            router: makeRouter(),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [
                    ConnectionEdgeHandler(requestTimeout: requestTimeout, stats: stats, faults: faults, connections: connections, now: now, logger: logger),
                ],
                idleTimeout: TimeAmount(limits.idleTimeout),
                httpDecoderConfiguration: .init(maxHeaderFieldSize: limits.maxHeaderSize, maxHeaderListSize: limits.maxHeaderSize)
            )),
            configuration: .init(
                address: .hostname(host, port: port),
                serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(max(1, limits.maxConnections), logger: logger)
            ),
            onServerRunning: { channel in
                let actual = channel.localAddress?.port ?? port
                boundPort.set(actual)
                await onListening(actual)
            },
            logger: logger
        )
        defer { connections.closeAll() }
        do {
            try await withTaskCancellationHandler {
                try await application.run()
            } onCancel: {
                connections.closeAll()
            }
        } catch where boundPort.value == nil && !Task.isCancelled {
            throw CozeEmulatorError(
                .serverFailed,
                "cannot serve the Coze emulator on \(host):\(port): \(error); choose another port (0 picks a free one) or host",
                underlying: error
            )
        }
    }

    private func makeRouter() -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self)
        router.add(middleware: ResponseEnvelopeMiddleware(stats: recorder, now: configuration.now))
        let tokens = TokenEndpoint(
            verifier: verifier,
            replayGuard: replayGuard,
            ledger: ledger,
            faults: faultInjector,
            stats: recorder,
            accounts: configuration.accounts,
            enterprises: configuration.enterprises,
            now: configuration.now,
            logger: logger
        )
        router.post(RouterPath(TokenPath.standardRoute)) { request, context in
            try await tokens.respond(to: request, context: context, path: .standard)
        }
        router.post(RouterPath(TokenPath.accountRoute)) { request, context in
            try await tokens.respond(to: request, context: context, path: .account(context.parameters.get("account_id") ?? ""))
        }
        router.post(RouterPath(TokenPath.enterpriseRoute)) { request, context in
            try await tokens.respond(to: request, context: context, path: .enterprise(context.parameters.get("enterprise_id") ?? ""))
        }
        let workspaces = WorkspacesEndpoint(
            ledger: ledger,
            stats: recorder,
            refusalStatus: HTTPResponse.Status(code: configuration.apiRefusalStatus),
            now: configuration.now
        )
        router.get("/v1/workspaces") { request, context in workspaces.respond(to: request, context: context) }
        let control = ControlEndpoints(stats: recorder, faults: faultInjector)
        router.get("/__emulator/stats") { _, _ in control.statistics() }
        router.get("/__emulator/faults") { _, _ in control.currentFaults() }
        router.post("/__emulator/faults") { request, context in try await control.replaceFaults(request, context: context) }
        router.post("/__emulator/revoke") { _, _ in JSONResponse.make(["revoked": self.revokeAllTokens()]) }
        return router
    }
}
