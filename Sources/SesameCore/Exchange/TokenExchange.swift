import Logging
import Tracing

/// Runs a provider's exchanges with its token endpoint: attempts under a ``RetryPolicy``, transport
/// failures wrapped into the provider's error, one debug log line per attempt and one on failure,
/// and the number of attempts noted on the error finally thrown.
///
/// Each attempt asks the provider for a new request, so anything single-use (a JWT `jti`, a nonce)
/// is made afresh every time. An attempt is repeated when the transport failed transiently
/// (connection refused or dropped, timeout) or when the provider's error gives ``RetryAdvice``;
/// any other error ends the exchange at once. Errors that are not `Failure` (a signing failure,
/// cancellation) pass through unchanged.
///
/// Log lines carry the provider, the attempt, the endpoint without user information or query, the
/// ``metadata`` given here and, on failure, the error's ``TokenExchangeError/logMetadata``: never a
/// request, a response body or a secret.
///
/// Each exchange is one `sesame.token_exchange` span (kind client) with `sesame.provider`,
/// `sesame.exchange`, `sesame.attempts`, the last `http.response.status_code`, the server's request ID
/// (`sesame.request_id`, from ``requestIDHeader``) and ``spanAttributes``; a failed exchange records
/// the error's ``TokenExchangeError/logMetadata`` as attributes and sets the span's status to error.
///
/// ```swift
/// let exchange = TokenExchange<AcmeError>(provider: name, kind: "acme", transport: transport, logger: logger)
/// let token = try await exchange.run { _ in request } response: { try read($0) }
/// ```
public struct TokenExchange<Failure: TokenExchangeError>: Sendable {
    /// The provider's name in the registry, for messages and log lines.
    public var provider: String
    /// A short name of the protocol for log messages: `oauth2` logs `oauth2 token exchange`.
    public var kind: String
    /// How the token endpoint is reached.
    public var transport: any HTTPTransport
    /// How failed attempts are repeated.
    public var retry: RetryPolicy
    /// Where the debug lines go.
    public var logger: Logger
    /// Added to every log line of this exchange (e.g. the client authentication method). No secrets.
    public var metadata: [String: String]
    /// Where the exchange's span goes.
    public var tracer: any Tracer
    /// Added to the exchange's span (e.g. `coze.region`). No secrets.
    public var spanAttributes: [String: String]
    /// The response header carrying the server's request ID (Coze: `X-Tt-Logid`), recorded on the span.
    public var requestIDHeader: String?

    /// Creates an exchange.
    public init(
        provider: String,
        kind: String,
        transport: any HTTPTransport,
        retry: RetryPolicy = .standard,
        logger: Logger,
        metadata: [String: String] = [:],
        tracer: (any Tracer)? = nil,
        spanAttributes: [String: String] = [:],
        requestIDHeader: String? = nil
    ) {
        self.provider = provider
        self.kind = kind
        self.transport = transport
        self.retry = retry
        self.logger = logger
        self.metadata = metadata
        self.tracer = tracer ?? InstrumentationSystem.tracer
        self.spanAttributes = spanAttributes
        self.requestIDHeader = requestIDHeader
    }

    /// Runs attempts until one succeeds or the retry policy ends them.
    ///
    /// - Parameters:
    ///   - request: builds the request of attempt `attempt` (from 1); called once per attempt.
    ///   - response: reads an answer (any status) into the value, or throws `Failure`.
    /// - Throws: `Failure`, with ``TokenExchangeError/attempts`` set to the attempts made; any other
    ///   error of `request` or `response` unchanged; `CancellationError` while waiting to retry.
    public func run<Value>(
        request: (_ attempt: Int) throws -> HTTPTransportRequest,
        response: (HTTPTransportResponse) throws -> Value
    ) async throws -> Value {
        let span = tracer.startSpan("sesame.token_exchange", context: ServiceContext.current ?? .topLevel, ofKind: .client)
        defer { span.end() }
        span.attributes["sesame.provider"] = provider
        span.attributes["sesame.exchange"] = kind
        for (key, value) in spanAttributes { span.attributes[key] = value }
        do {
            return try await attempts(request: request, response: response, span: span)
        } catch {
            if let failure = error as? Failure {
                for (key, value) in failure.logMetadata { span.attributes["sesame.error.\(key)"] = value }
            }
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }

    private func attempts<Value>(
        request: (_ attempt: Int) throws -> HTTPTransportRequest,
        response: (HTTPTransportResponse) throws -> Value,
        span: any Span
    ) async throws -> Value {
        var attempts = 0
        do {
            return try await retry.run({ attempt in
                attempts = attempt
                span.attributes["sesame.attempts"] = attempt
                let outgoing = try request(attempt)
                let endpoint = URLText.withoutCredentials(outgoing.url)
                logger.debug("\(kind) token exchange", metadata: lineMetadata(["attempt": "\(attempt)", "url": endpoint]))
                let answer: HTTPTransportResponse
                do {
                    answer = try await transport.send(outgoing)
                } catch let failure as HTTPTransportError {
                    throw Unanswered(failure: failure, wrapped: .unreachable(failure, url: outgoing.url, provider: provider))
                }
                span.attributes["http.response.status_code"] = answer.status
                if let header = requestIDHeader, let requestID = answer.header(header) {
                    span.attributes["sesame.request_id"] = requestID
                }
                return try response(answer)
            }, advice: { error in
                switch error {
                case let unanswered as Unanswered: unanswered.failure.isTransient ? RetryAdvice() : nil
                case let failure as Failure: failure.retryAdvice
                default: nil
                }
            })
        } catch let unanswered as Unanswered {
            throw gaveUp(unanswered.wrapped, after: attempts)
        } catch let failure as Failure {
            throw gaveUp(failure, after: attempts)
        }
    }

    /// Reads `reference`'s secret; a key store's failure becomes `Failure`
    /// (``TokenExchangeError/secretUnavailable(_:reading:provider:)``).
    public func secret(_ reference: KeyReference) async throws(Failure) -> SecretBytes {
        do {
            return try await reference.read()
        } catch {
            throw .secretUnavailable(error, reading: reference, provider: provider)
        }
    }

    private func gaveUp(_ failure: Failure, after attempts: Int) -> Failure {
        var failure = failure
        failure.attempts = max(attempts, 1)
        logger.debug("\(kind) token exchange failed", metadata: lineMetadata(failure.logMetadata.merging(["attempts": "\(failure.attempts)"]) { $1 }))
        return failure
    }

    private func lineMetadata(_ line: [String: String]) -> Logger.Metadata {
        metadata.merging(line) { $1 }.merging(["provider": provider]) { $1 }.mapValues { .string($0) }
    }

    /// A transport failure on its way out of the retry loop, judged by the transport's own verdict.
    private struct Unanswered: Error {
        let failure: HTTPTransportError
        let wrapped: Failure
    }
}
