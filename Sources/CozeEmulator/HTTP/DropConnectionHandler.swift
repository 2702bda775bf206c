import Logging
import NIOCore
import NIOHTTPTypes

/// Closes the TCP connection of a token request without answering when a ``EmulatorFaults/dropFirst``
/// unit is left, so the client sees a dropped connection rather than an HTTP error.
///
/// It sits in the channel pipeline after HTTP decoding: it reads the whole request (so the client has
/// sent it), waits the configured latency, then closes. Other requests pass through untouched.
/// It also registers every connection with the emulator's ConnectionTracker.
final class DropConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private enum State {
        case passing
        case dropping
        case closing
    }

    private let faults: FaultInjector
    private let stats: StatsRecorder
    private let logger: Logger
    private let connections: ConnectionTracker
    private var state = State.passing

    init(faults: FaultInjector, stats: StatsRecorder, logger: Logger, connections: ConnectionTracker) {
        self.faults = faults
        self.stats = stats
        self.logger = logger
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
        switch (state, unwrapInboundIn(data)) {
        case (.passing, .head(let head)):
            if head.method == .post, let path = head.path, TokenPath(requestPath: path) != nil, faults.takeDrop() {
                state = .dropping
                stats.countRequest(isTokenRequest: true)
                stats.countDropped()
                logger.info("dropping the connection of a token request (emulated fault dropFirst)")
            } else {
                context.fireChannelRead(data)
            }
        case (.passing, _):
            context.fireChannelRead(data)
        case (.dropping, .end):
            state = .closing
            let channel = context.channel
            let latency = faults.latencyMilliseconds
            if latency > 0 {
                channel.eventLoop.scheduleTask(in: .milliseconds(Int64(latency))) { channel.close(promise: nil) }
            } else {
                context.close(promise: nil)
            }
        case (.dropping, _), (.closing, _):
            break
        }
    }
}
