import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// The rules at the edge of every emulator connection, before a request reaches a route.
///
/// - A request the HTTP parser refuses (a bad request line, a header too long) is answered like
///   every other refusal: JSON `{error_code, error_message}` with an `X-Tt-Logid`, status 400 (431
///   for oversized headers), then the connection is closed. If an earlier pipelined request is still
///   being answered, the refusal follows its answer.
/// - A response that says `Connection: close` (a 413) ends the connection: the output is shut once it
///   is sent, and the connection is closed when the client closes its side or after ``drainTime``,
///   so a client still sending its oversized body reads the answer instead of a reset.
/// - A request whose body has not fully arrived ``requestTimeout`` after its head gets a 408 and the
///   connection is closed (a slowloris body cannot hold a connection; idle and header time-outs are
///   the server's idle timeout).
/// - While an ``EmulatorFaults/dropFirst`` unit is left, a token request is read whole (so the client
///   has sent it), then, after the configured latency, its connection is closed without an answer.
/// - Every connection is registered with the emulator's ``ConnectionTracker`` while it is open.
///
/// One handler for all of these: each handler in the pipeline costs every request part a hop.
final class ConnectionEdgeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a closing connection waits for the client to stop sending before it is closed.
    static let drainTime = TimeAmount.seconds(2)

    private let requestTimeout: TimeAmount
    private let stats: StatsRecorder
    private let faults: FaultInjector
    private let connections: ConnectionTracker
    private let now: @Sendable () -> Date
    private let logger: Logger
    /// A token request is being dropped (``EmulatorFaults/dropFirst``): nothing more is read.
    private var dropping = false
    private var requestsRead = 0
    private var responsesEnded = 0
    private var readingBody = false
    private var closeAfterResponse = false
    private var pendingRefusal: Refusal?
    private var closing = false
    /// When the head of the request whose body is being read arrived.
    private var headArrived = NIODeadline.distantPast
    /// The body time-out check: armed at a head when none is pending, and re-armed when it fires
    /// while a later request's body is still arriving. Not one timer per request: arming and
    /// cancelling one for every head showed in the emulator's profile.
    private var bodyTimer: Scheduled<Void>?

    private struct Refusal {
        let status: HTTPResponse.Status
        let code: String
        let message: String
    }

    init(requestTimeout: TimeAmount, stats: StatsRecorder, faults: FaultInjector, connections: ConnectionTracker,
         now: @escaping @Sendable () -> Date, logger: Logger) {
        self.requestTimeout = requestTimeout
        self.stats = stats
        self.faults = faults
        self.connections = connections
        self.now = now
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connections.add(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connections.remove(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !dropping else {
            if case .end = unwrapInboundIn(data) { closeDropped(context) }
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            requestsRead += 1
            readingBody = true
            headArrived = .now()
            if bodyTimer == nil { armBodyTimer(context, at: headArrived + requestTimeout) }
            // A request arriving on a closing connection is never read, so it uses up no drop.
            if !closing, head.method == .post, let path = head.path, TokenPath(requestPath: path) != nil, faults.takeDrop() {
                dropping = true
                stats.countRequest(isTokenRequest: true)
                stats.countDropped()
                logger.info("dropping the connection of a token request (emulated fault dropFirst)")
                return
            }
        case .body:
            break
        case .end:
            readingBody = false
        }
        if !closing { context.fireChannelRead(data) }
    }

    /// Closes the connection of a dropped request, once its end was read and the latency passed.
    private func closeDropped(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        readingBody = false
        bodyTimer?.cancel()
        let channel = context.channel
        let latency = faults.latencyMilliseconds
        if latency > 0 {
            channel.eventLoop.scheduleTask(in: .milliseconds(Int64(latency))) { channel.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            if closing, error is ByteToMessageDecoderError { return }
            context.fireErrorCaught(error)
            return
        }
        if closing { return }
        // A broken body belongs to the request being read: its route sees the error.
        if readingBody {
            context.fireErrorCaught(error)
            return
        }
        let refusal = parserError == .headerOverflow
            ? Refusal(status: .requestHeaderFieldsTooLarge, code: "invalid_request", message: "the request headers are too large; the emulator accepts at most 16 KiB of headers")
            : Refusal(status: .badRequest, code: "invalid_request", message: "malformed HTTP request (\(parserError)); send HTTP/1.1 with a request line, headers and a body of the length announced")
        if requestsRead > responsesEnded {
            pendingRefusal = refusal
        } else {
            refuse(context, refusal)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            responsesEnded += 1
            guard responsesEnded >= requestsRead, pendingRefusal != nil || closeAfterResponse else {
                context.write(data, promise: promise)
                return
            }
            let written = context.eventLoop.makePromise(of: Void.self)
            if let promise { written.futureResult.cascade(to: promise) }
            context.write(data, promise: written)
            if let refusal = pendingRefusal {
                pendingRefusal = nil
                refuse(context, refusal)
            } else {
                finish(context, after: written.futureResult)
            }
        }
    }

    private func armBodyTimer(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        bodyTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            handler.value.bodyTimerFired(bound.value)
        }
    }

    private func bodyTimerFired(_ context: ChannelHandlerContext) {
        bodyTimer = nil
        guard readingBody, !closing else { return }
        let deadline = headArrived + requestTimeout
        guard deadline <= .now() else {
            armBodyTimer(context, at: deadline)
            return
        }
        readingBody = false
        let seconds = requestTimeout.nanoseconds / 1_000_000_000
        refuse(context, Refusal(
            status: .requestTimeout, code: "request_timeout",
            message: "the request body did not arrive within \(seconds) seconds of its headers; send the whole request at once"
        ))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        bodyTimer?.cancel()
    }

    /// Answers `refusal` as JSON with a log ID and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, _ refusal: Refusal) {
        let logID = LogID.make(at: now())
        stats.countRejection(refusal.code)
        logger.info("refused a request at the connection", metadata: ["status": "\(refusal.status.code)", "error_code": "\(refusal.code)", "logid": "\(logID)"])
        let body = OAuthErrorBody(code: refusal.code, message: refusal.message, error: refusal.code, detail: LogIDDetail(logid: logID))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(body)) ?? Data("{}".utf8)
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(bytes.count)
        fields[.connection] = "close"
        fields[LogID.header] = logID
        context.write(wrapOutboundOut(.head(HTTPResponse(status: refusal.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: bytes))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.write(wrapOutboundOut(.end(nil)), promise: written)
        finish(context, after: written.futureResult)
    }

    /// Flushes, shuts the output once `written` is sent, and closes once the client is done or
    /// ``drainTime`` passes.
    private func finish(_ context: ChannelHandlerContext, after written: EventLoopFuture<Void>) {
        guard !closing else { return }
        closing = true
        bodyTimer?.cancel()
        context.flush()
        let channel = context.channel
        written.whenComplete { _ in
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: Self.drainTime) { channel.close(promise: nil) }
        }
    }
}
