import CoreMetrics
import Foundation
import Logging
import Tracing

/// Puts a provider's access token on API calls and, when the API refuses it before its expiry,
/// replaces it once.
///
/// The HTTP-client adapters (`AuthorizedHTTPClient` for AsyncHTTPClient, `TokenAuthorizationMiddleware`
/// for swift-openapi-runtime) are built on it. Per call:
/// 1. A token comes from the ``TokenBroker`` (cached, refreshed ahead).
/// 2. The call is sent with `Authorization: <type> <token>`.
/// 3. If the answer refuses the token (``TokenRejectionRule``: HTTP 401, or Coze's `{"code": 4100}`),
///    exactly that token is dropped from the cache (``TokenCache/invalidate(_:rejected:)``), a new one
///    is obtained and the call is sent once more, if its body can be sent again. A burst of refused
///    calls causes one exchange.
/// 4. A second refusal is returned to the caller as the API sent it (with its request ID in the
///    logs and the span); it is never looped.
///
/// Retries are logged (at `notice`), counted (``MetricName/authorizedCallRetries``) and traced: every
/// call is one `sesame.authorized_call` span with the provider, the attempts and the request ID.
public struct TokenAuthorizer: Sendable {
    /// What one attempt of a call produced, as the adapter read it.
    public struct Attempt<Response: Sendable>: Sendable {
        /// The response to hand to the caller if this attempt is the last.
        public var response: Response
        /// The HTTP status.
        public var status: Int
        /// Whether the API refused the token (see ``TokenAuthorizer/rule``).
        public var refusedToken: Bool
        /// The server's request ID (``TokenRejectionRule/requestIDHeader``), if it sent one.
        public var requestID: String?

        /// Creates an attempt's outcome.
        public init(response: Response, status: Int, refusedToken: Bool, requestID: String?) {
            self.response = response
            self.status = status
            self.refusedToken = refusedToken
            self.requestID = requestID
        }
    }

    /// Where tokens come from.
    public let broker: TokenBroker
    /// The provider whose tokens are used.
    public let provider: String
    /// How the API refuses a token: the provider's own rule (``TokenRejectionDescribing``), else
    /// ``TokenRejectionRule/bearer``, unless given.
    public let rule: TokenRejectionRule
    private let attributes: [String: String]
    private let logger: Logger
    private let tracer: any Tracer
    private let retries: Counter
    private let refusals: Counter

    /// Creates an authorizer for provider `provider` of `broker`.
    ///
    /// - Parameters:
    ///   - rule: overrides the provider's own ``TokenRejectionRule``.
    ///   - logger: receives a `notice` per retried call and per second refusal (never a token).
    ///   - metrics: where ``MetricName/authorizedCallRetries`` goes; default `MetricsSystem.factory`.
    ///   - tracer: where spans go; default `InstrumentationSystem.tracer`.
    /// - Throws: ``RegistryError`` (`.unknownProvider`) when the broker has no such provider.
    public init(
        broker: TokenBroker,
        provider: String,
        rule: TokenRejectionRule? = nil,
        logger: Logger = Logger(label: "sesame.authorizer", factory: { _ in SwiftLogNoOpLogHandler() }),
        metrics: (any MetricsFactory)? = nil,
        tracer: (any Tracer)? = nil
    ) throws {
        let entry = try broker.registry.provider(named: provider)
        self.broker = broker
        self.provider = provider
        self.rule = rule ?? (entry.provider as? any TokenRejectionDescribing)?.tokenRejectionRule ?? .bearer
        self.attributes = (entry.provider as? any TelemetryDescribing)?.telemetryAttributes ?? [:]
        self.logger = logger
        self.tracer = tracer ?? InstrumentationSystem.tracer
        let factory = metrics ?? MetricsSystem.factory
        self.retries = Counter(label: MetricName.authorizedCallRetries, dimensions: [("provider", provider)], factory: factory)
        self.refusals = Counter(label: MetricName.authorizedCallRefusals, dimensions: [("provider", provider)], factory: factory)
    }

    /// Sends one call with a token for `request`, replacing the token once if the API refuses it.
    ///
    /// - Parameters:
    ///   - request: which token (session, lifetime, options).
    ///   - operation: how the call is named in logs and spans, e.g. `GET /v1/workspaces`; never a
    ///     query string or anything secret.
    ///   - canResend: whether `send` may be called a second time (its body can be sent again).
    ///   - send: sends the call with the given `Authorization` header value; `attempt` is 1 or 2.
    /// - Returns: the last attempt's response.
    /// - Throws: the broker's error when no token can be had, or `send`'s error.
    public func perform<Response: Sendable>(
        _ request: TokenRequest = TokenRequest(),
        operation: String,
        canResend: Bool,
        send: (_ authorization: String, _ attempt: Int) async throws -> Attempt<Response>
    ) async throws -> Response {
        let span = tracer.startSpan("sesame.authorized_call", context: ServiceContext.current ?? .topLevel, ofKind: .client)
        defer { span.end() }
        span.attributes["sesame.provider"] = provider
        span.attributes["sesame.operation"] = operation
        for (key, value) in attributes { span.attributes[key] = value }
        do {
            return try await ServiceContext.$current.withValue(span.context) {
                try await attempts(request, operation: operation, canResend: canResend, span: span, send: send)
            }
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }

    private func attempts<Response: Sendable>(
        _ request: TokenRequest,
        operation: String,
        canResend: Bool,
        span: any Span,
        send: (_ authorization: String, _ attempt: Int) async throws -> Attempt<Response>
    ) async throws -> Response {
        let first = try await broker.token(for: provider, request)
        let firstAttempt = try await send(first.authorizationHeader, 1)
        record(firstAttempt, attempt: 1, on: span)
        guard firstAttempt.refusedToken else { return firstAttempt.response }
        var metadata: Logger.Metadata = [
            "provider": "\(provider)", "operation": "\(operation)", "status": "\(firstAttempt.status)",
            "request_id": "\(firstAttempt.requestID ?? "-")",
        ]
        guard canResend else {
            logger.notice("the API refused the token; the call is not sent again because its body cannot be replayed", metadata: metadata)
            span.addEvent(SpanEvent(name: "sesame.token_refused_not_retried"))
            refusals.increment()
            return firstAttempt.response
        }
        logger.notice("the API refused the token before its expiry; replacing it and sending the call once more", metadata: metadata)
        span.addEvent(SpanEvent(name: "sesame.token_refused"))
        retries.increment()
        try await broker.invalidate(provider, request, rejected: first)
        let second = try await broker.token(for: provider, request)
        let secondAttempt = try await send(second.authorizationHeader, 2)
        record(secondAttempt, attempt: 2, on: span)
        if secondAttempt.refusedToken {
            metadata["status"] = "\(secondAttempt.status)"
            metadata["request_id"] = "\(secondAttempt.requestID ?? "-")"
            logger.notice("the API refused the new token too; returning its answer (check the app's permissions)", metadata: metadata)
            refusals.increment()
        }
        return secondAttempt.response
    }

    private func record<Response>(_ attempt: Attempt<Response>, attempt number: Int, on span: any Span) {
        span.attributes["sesame.attempts"] = number
        span.attributes["http.response.status_code"] = attempt.status
        if let requestID = attempt.requestID { span.attributes["sesame.request_id"] = requestID }
        if attempt.refusedToken && number == 2 { span.setStatus(SpanStatus(code: .error)) }
    }
}
