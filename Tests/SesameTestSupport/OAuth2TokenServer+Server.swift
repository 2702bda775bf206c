import CozeEmulator
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

extension OAuth2TokenServer {
    /// Serves the token endpoint (`POST` ``OAuth2TokenServerConfiguration/tokenPath``) on
    /// `host`:`port` until the calling task is cancelled; then every client connection is closed, so
    /// that no pooled connection outlives the server.
    ///
    /// - Parameters:
    ///   - host: the address to bind; default loopback.
    ///   - port: the port; 0 picks a free one.
    ///   - onListening: called once, with the bound port, when the server accepts connections.
    public func run(host: String = "127.0.0.1", port: Int = 0, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let connections = ConnectionTracker()
        let application = Application(
            router: makeRouter(),
            server: .http1(configuration: .init(additionalChannelHandlers: [TokenServerConnectionHandler(server: self, connections: connections)])),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? port)
            },
            logger: logger
        )
        defer { connections.closeAll() }
        try await withTaskCancellationHandler {
            try await application.run()
        } onCancel: {
            connections.closeAll()
        }
    }

    private func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post(RouterPath(configuration.tokenPath)) { request, _ -> Response in
            var request = request
            let body = try? await request.collectBody(upTo: 1 << 20)
            let answer = self.answer(
                contentType: request.headers[.contentType],
                accept: request.headers[.accept],
                authorization: request.headers[.authorization],
                body: body.map { Array(buffer: $0) }
            )
            var headers = HTTPFields()
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { headers[field] = value }
            }
            return Response(
                status: HTTPResponse.Status(code: answer.status),
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body))
            )
        }
        return router
    }
}
