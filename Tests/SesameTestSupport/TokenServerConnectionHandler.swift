import CozeEmulator
import NIOCore
import NIOHTTPTypes

/// Tracks each connection, and closes a token request's connection without answering while the
/// server's `dropFirst` fault lasts (after reading the whole request, so the client has sent it).
final class TokenServerConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let server: OAuth2TokenServer
    private let connections: ConnectionTracker
    private var dropping = false

    init(server: OAuth2TokenServer, connections: ConnectionTracker) {
        self.server = server
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connections.add(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connections.remove(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (dropping, unwrapInboundIn(data)) {
        case (false, .head(let head)):
            let path = head.path.map { String($0.prefix { $0 != "?" }) }
            if head.method == .post, path == server.configuration.tokenPath, server.takeDrop() {
                dropping = true
            } else {
                context.fireChannelRead(data)
            }
        case (false, _):
            context.fireChannelRead(data)
        case (true, .end):
            context.close(promise: nil)
        case (true, _):
            break
        }
    }
}
