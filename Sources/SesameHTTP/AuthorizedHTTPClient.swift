import AsyncHTTPClient
import CoreMetrics
import Logging
import NIOCore
import NIOHTTP1
import SesameCore
import Tracing

/// Sends AsyncHTTPClient requests with a provider's access token, and replaces the token once when
/// the API refuses it before its expiry (see ``TokenAuthorizer``).
///
/// ```swift
/// let broker = TokenBroker(registry: try Registry.load(file: "providers.json"))
/// let coze = try AuthorizedHTTPClient(broker: broker, provider: "coze-cn")
/// let response = try await coze.execute(HTTPClientRequest(url: "https://api.coze.cn/v1/workspaces"), timeout: .seconds(30))
/// ```
///
/// A call is sent a second time only when its body can be sent again: a request without a body, or
/// one whose body is given to ``execute(_:body:tokenRequest:timeout:)`` as bytes. A request whose
/// `body` is already set (possibly a stream) is sent once; a refusal is then returned as it came.
public struct AuthorizedHTTPClient: Sendable {
    /// The token logic shared with the other adapters.
    public let authorizer: TokenAuthorizer
    private let client: HTTPClient
    private let tokenRequest: @Sendable (HTTPClientRequest) -> TokenRequest

    /// Creates a client over `client` that authorises every call with `authorizer`; `tokenRequest`
    /// picks the token per call (e.g. a per-user `sessionName` from a header the app set).
    public init(
        client: HTTPClient = .shared,
        authorizer: TokenAuthorizer,
        tokenRequest: @escaping @Sendable (HTTPClientRequest) -> TokenRequest = { _ in TokenRequest() }
    ) {
        self.client = client
        self.authorizer = authorizer
        self.tokenRequest = tokenRequest
    }

    /// Creates a client that authorises every call with provider `provider`'s tokens from `broker`.
    ///
    /// - Throws: ``RegistryError`` (`.unknownProvider`) when the broker has no such provider.
    public init(
        client: HTTPClient = .shared,
        broker: TokenBroker,
        provider: String,
        tokenRequest: @escaping @Sendable (HTTPClientRequest) -> TokenRequest = { _ in TokenRequest() },
        logger: Logger = Logger(label: "sesame.authorizer", factory: { _ in SwiftLogNoOpLogHandler() }),
        metrics: (any MetricsFactory)? = nil,
        tracer: (any Tracer)? = nil
    ) throws {
        let authorizer = try TokenAuthorizer(broker: broker, provider: provider, logger: logger, metrics: metrics, tracer: tracer)
        self.init(client: client, authorizer: authorizer, tokenRequest: tokenRequest)
    }

    /// Sends `request` with an `Authorization` header; sent again with a new token after a refusal
    /// when it has no body.
    ///
    /// - Parameter tokenRequest: the token to use; default: the client's `tokenRequest` closure.
    public func execute(
        _ request: HTTPClientRequest,
        tokenRequest: TokenRequest? = nil,
        timeout: TimeAmount
    ) async throws -> HTTPClientResponse {
        try await perform(request, tokenRequest: tokenRequest, canResend: request.body == nil, timeout: timeout)
    }

    /// Sends `request` with `body` and an `Authorization` header; sent again with a new token after a
    /// refusal (the bytes can be sent twice).
    public func execute(
        _ request: HTTPClientRequest,
        body: ByteBuffer,
        tokenRequest: TokenRequest? = nil,
        timeout: TimeAmount
    ) async throws -> HTTPClientResponse {
        var request = request
        request.body = .bytes(body)
        return try await perform(request, tokenRequest: tokenRequest, canResend: true, timeout: timeout)
    }

    private func perform(
        _ request: HTTPClientRequest,
        tokenRequest: TokenRequest?,
        canResend: Bool,
        timeout: TimeAmount
    ) async throws -> HTTPClientResponse {
        let rule = authorizer.rule
        let operation = "\(request.method.rawValue) \(Self.path(of: request.url))"
        return try await authorizer.perform(tokenRequest ?? self.tokenRequest(request), operation: operation, canResend: canResend) { authorization, _ in
            var outgoing = request
            outgoing.headers.replaceOrAdd(name: "Authorization", value: authorization)
            var response = try await client.execute(outgoing, timeout: timeout)
            let status = Int(response.status.code)
            let requestID = rule.requestIDHeader.flatMap { response.headers.first(name: $0) }
            var body: [UInt8]?
            let length = response.headers.first(name: "Content-Length").flatMap(Int.init)
            if rule.needsBody(status: status, contentType: response.headers.first(name: "Content-Type"), contentLength: length) {
                let bytes = try await response.body.collect(upTo: rule.maxInspectedBodyBytes)
                response.body = .bytes(bytes)
                body = Array(bytes.readableBytesView)
            }
            return TokenAuthorizer.Attempt(response: response, status: status, refusedToken: rule.refuses(status: status, body: body), requestID: requestID)
        }
    }

    /// The path of `url` without query or fragment, for logs and spans (a query may hold secrets).
    static func path(of url: String) -> String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
        let path = afterScheme.drop { $0 != "/" }
        let clean = path.prefix { $0 != "?" && $0 != "#" }
        return clean.isEmpty ? "/" : String(clean)
    }
}
