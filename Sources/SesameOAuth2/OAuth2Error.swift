import SesameCore

/// An OAuth 2.0 token exchange failed, or the provider could not make one.
///
/// ``message`` says what failed, why, and the fix; when the server answered with an RFC 6749 §5.2
/// error it carries the server's `error`, `error_description` and `error_uri`. It never contains the
/// client secret, the `Authorization` header or an access token.
public struct OAuth2Error: TokenExchangeError, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidRequest, invalidClient, invalidGrant, unauthorizedClient, unsupportedGrantType
            case invalidScope, invalidTarget, rejected, serverError, rateLimited
            case unexpectedResponse, malformedTokenResponse, unreachable, secretUnavailable, invalidTokenRequest
        }
        private let value: Value
        /// `invalid_request`: a parameter is missing, repeated or malformed (e.g. a required `audience`).
        public static let invalidRequest = Code(value: .invalidRequest)
        /// `invalid_client`: client authentication failed (client ID, secret or authentication method).
        public static let invalidClient = Code(value: .invalidClient)
        /// `invalid_grant`: the server refused the grant itself (credentials revoked or expired).
        public static let invalidGrant = Code(value: .invalidGrant)
        /// `unauthorized_client`: this client may not use the client credentials grant.
        public static let unauthorizedClient = Code(value: .unauthorizedClient)
        /// `unsupported_grant_type`: the server does not offer the client credentials grant.
        public static let unsupportedGrantType = Code(value: .unsupportedGrantType)
        /// `invalid_scope`: a requested scope is unknown, malformed or not allowed for this client.
        public static let invalidScope = Code(value: .invalidScope)
        /// `invalid_target` (RFC 8707): a requested `resource` or `audience` is unknown or not allowed.
        public static let invalidTarget = Code(value: .invalidTarget)
        /// The server refused with an error code outside RFC 6749 §5.2 and RFC 8707; see ``OAuth2Error/serverCode``.
        public static let rejected = Code(value: .rejected)
        /// HTTP 5xx (`server_error`, `temporarily_unavailable`): retried, then given up.
        public static let serverError = Code(value: .serverError)
        /// HTTP 429: retried after `Retry-After`, then given up.
        public static let rateLimited = Code(value: .rateLimited)
        /// The answer is not an OAuth token response at all (an HTML page, a redirect, a 404): usually a
        /// wrong `tokenURL`.
        public static let unexpectedResponse = Code(value: .unexpectedResponse)
        /// A JSON token response with a missing or malformed field; see ``OAuth2Error/field``.
        public static let malformedTokenResponse = Code(value: .malformedTokenResponse)
        /// No response: connection refused or dropped, timeout.
        public static let unreachable = Code(value: .unreachable)
        /// The client secret could not be read from its key store, is empty, or holds a control character.
        public static let secretUnavailable = Code(value: .secretUnavailable)
        /// The ``TokenRequest`` asks for something this grant cannot do (a session, a lifetime, an
        /// unknown option, a malformed scope or resource).
        public static let invalidTokenRequest = Code(value: .invalidTokenRequest)
        /// The code's name, e.g. `invalidClient`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The provider's name in the registry.
    public let provider: String
    /// What failed, why, and the fix; after several attempts, how many were made.
    public var message: String { notingAttempts(reason) }
    private let reason: String
    /// The HTTP status, when the server answered.
    public var httpStatus: Int?
    /// The server's `error` code, when it sent one (e.g. `invalid_scope`).
    public var serverCode: String?
    /// The server's `error_description`, made printable and shortened, when it sent one.
    public var serverDescription: String?
    /// The server's `error_uri`, when it sent one.
    public var serverURI: String?
    /// The token response field at fault (`access_token`, `token_type`, `expires_in`, `scope`),
    /// for ``Code/malformedTokenResponse``.
    public var field: String?
    /// How many exchanges were attempted.
    public var attempts: Int = 1
    /// The server's `Retry-After`, for a 429 or 503.
    public var retryAfter: Duration?
    /// The error from the transport or key store, when there is one.
    public var underlying: (any Error)?

    /// Creates an error; `underlying` is the transport's or key store's error, when there is one.
    public init(_ code: Code, provider: String, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.provider = provider
        self.reason = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }

    /// Whether a new attempt may succeed: a server error or a rate limit.
    public var retryAdvice: RetryAdvice? {
        switch code {
        case .serverError, .rateLimited: RetryAdvice(retryAfter: retryAfter)
        default: nil
        }
    }

    /// The code, the HTTP status and the server's `error`, for the exchange's failure log line.
    public var logMetadata: [String: String] {
        ["code": "\(code)", "status": "\(httpStatus.map(String.init) ?? "-")", "error": "\(serverCode ?? "-")"]
    }

    /// `unreachable`: no answer from the token endpoint.
    public static func unreachable(_ failure: HTTPTransportError, url: String, provider: String) -> OAuth2Error {
        let fix = failure.code == .invalidURL ? "; fix tokenURL in providers.json" : ""
        return OAuth2Error(.unreachable, provider: provider, message: "\(provider): \(failure.message) (tokenURL \(url))\(fix)", underlying: failure)
    }

    /// `secretUnavailable`: the client secret's store failed.
    public static func secretUnavailable(_ failure: any Error, reading reference: KeyReference, provider: String) -> OAuth2Error {
        OAuth2Error(.secretUnavailable, provider: provider, message: "\(provider): cannot read the client secret \(reference): \(failure)", underlying: failure)
    }
}
