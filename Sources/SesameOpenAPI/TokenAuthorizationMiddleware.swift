import Foundation
import HTTPTypes
import OpenAPIRuntime
import SesameCore

/// A swift-openapi-runtime `ClientMiddleware` that sends every call of a generated client with a
/// provider's access token, and replaces the token once when the API refuses it before its expiry
/// (see ``TokenAuthorizer``).
///
/// ```swift
/// let client = Client(
///     serverURL: try Servers.Server1.url(),
///     transport: AsyncHTTPClientTransport(),
///     middlewares: [try TokenAuthorizationMiddleware(broker: broker, provider: "coze-cn")]
/// )
/// ```
///
/// A call is sent a second time only when its request body can be iterated again
/// (`HTTPBody.iterationBehavior == .multiple`, as bodies built from bytes are); otherwise the refusal
/// is returned as it came. JSON response bodies of known length up to
/// ``TokenRejectionRule/maxInspectedBodyBytes`` are read to find a refusal sent with HTTP 200 (Coze's
/// `{"code": 4100}`) and handed on as a replayable body; streamed responses are never held back.
public struct TokenAuthorizationMiddleware: ClientMiddleware {
    /// The token logic shared with the other adapters.
    public let authorizer: TokenAuthorizer
    private let tokenRequest: @Sendable (_ request: HTTPTypes.HTTPRequest, _ operationID: String) -> TokenRequest

    /// Creates a middleware that authorises calls with `authorizer`; `tokenRequest` picks the token
    /// per call (e.g. a per-user `sessionName` from a task-local the server set).
    public init(
        authorizer: TokenAuthorizer,
        tokenRequest: @escaping @Sendable (_ request: HTTPTypes.HTTPRequest, _ operationID: String) -> TokenRequest = { _, _ in TokenRequest() }
    ) {
        self.authorizer = authorizer
        self.tokenRequest = tokenRequest
    }

    /// Creates a middleware that authorises calls with provider `provider`'s tokens from `broker`.
    ///
    /// - Throws: ``RegistryError`` (`.unknownProvider`) when the broker has no such provider.
    public init(
        broker: TokenBroker,
        provider: String,
        tokenRequest: @escaping @Sendable (_ request: HTTPTypes.HTTPRequest, _ operationID: String) -> TokenRequest = { _, _ in TokenRequest() }
    ) throws {
        self.init(authorizer: try TokenAuthorizer(broker: broker, provider: provider), tokenRequest: tokenRequest)
    }

    /// Adds `Authorization` to `request` and sends it on; see the type's documentation.
    public func intercept(
        _ request: HTTPTypes.HTTPRequest,
        body: HTTPBody?,
        baseURL: URL,
        operationID: String,
        next: @Sendable (HTTPTypes.HTTPRequest, HTTPBody?, URL) async throws -> (HTTPTypes.HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPTypes.HTTPResponse, HTTPBody?) {
        let rule = authorizer.rule
        let canResend = body.map { $0.iterationBehavior == .multiple } ?? true
        let exchange = try await authorizer.perform(tokenRequest(request, operationID), operation: operationID, canResend: canResend) { authorization, _ in
            var outgoing = request
            outgoing.headerFields[.authorization] = authorization
            let (response, responseBody) = try await next(outgoing, body, baseURL)
            let status = response.status.code
            let requestID = rule.requestIDHeader.flatMap { HTTPField.Name($0) }.flatMap { response.headerFields[$0] }
            var inspected: [UInt8]?
            var handedOn = responseBody
            if let responseBody, case .known(let length) = responseBody.length,
               rule.needsBody(status: status, contentType: response.headerFields[.contentType], contentLength: Int(length)) {
                let bytes = try await [UInt8](collecting: responseBody, upTo: rule.maxInspectedBodyBytes)
                inspected = bytes
                handedOn = HTTPBody(bytes)
            }
            return TokenAuthorizer.Attempt(
                response: Exchange(response: response, body: handedOn),
                status: status,
                refusedToken: rule.refuses(status: status, body: inspected),
                requestID: requestID
            )
        }
        return (exchange.response, exchange.body)
    }

    /// One response and its body, as the next middleware returned them.
    private struct Exchange: Sendable {
        let response: HTTPTypes.HTTPResponse
        let body: HTTPBody?
    }
}
