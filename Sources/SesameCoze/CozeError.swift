import SesameCore

/// A Coze token exchange failed, or the provider could not build one.
///
/// ``message`` says what failed, why, and the fix, with Coze's own `error_code`, `error_message`
/// and log ID (`X-Tt-Logid`, which Coze support asks for) when the server answered. It never contains
/// the JWT, the token or key material.
public struct CozeError: TokenExchangeError, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidRequest, invalidClient, unsupportedGrantType, accessDenied, serverError, rateLimited
            case unexpectedResponse, unreachable, keyUnavailable, invalidTokenRequest, expiredToken
        }
        private let value: Value
        /// `invalid_request`: a request parameter is wrong.
        public static let invalidRequest = Code(value: .invalidRequest)
        /// `invalid_client`: the JWT was rejected (app ID, key ID, key pair, region, clock).
        public static let invalidClient = Code(value: .invalidClient)
        /// `unsupported_grant_type`.
        public static let unsupportedGrantType = Code(value: .unsupportedGrantType)
        /// `access_deny`: app disabled, or the wrong app type.
        public static let accessDenied = Code(value: .accessDenied)
        /// `internal_error` or an HTTP 5xx: retried, then given up.
        public static let serverError = Code(value: .serverError)
        /// HTTP 429: retried, then given up.
        public static let rateLimited = Code(value: .rateLimited)
        /// The server's answer is not a Coze token response (wrong base URL, a proxy's error page).
        public static let unexpectedResponse = Code(value: .unexpectedResponse)
        /// No response: connection refused or dropped, timeout.
        public static let unreachable = Code(value: .unreachable)
        /// The private key could not be read from its store or parsed.
        public static let keyUnavailable = Code(value: .keyUnavailable)
        /// The ``TokenRequest`` asks for something this provider cannot do (bad lifetime, unknown option).
        public static let invalidTokenRequest = Code(value: .invalidTokenRequest)
        /// A static access token's configured expiry has passed.
        public static let expiredToken = Code(value: .expiredToken)
        /// The code's name.
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
    /// Coze's `error_code`, when it sent one.
    public var serverCode: String?
    /// Coze's `error_message`, when it sent one.
    public var serverMessage: String?
    /// Coze's request ID (`X-Tt-Logid`), when it sent one.
    public var logID: String?
    /// How many exchanges were attempted.
    public var attempts: Int = 1
    /// The server's `Retry-After`, for a 429.
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

    /// Whether a new attempt (with a new JWT) may succeed: a server error or a rate limit.
    public var retryAdvice: RetryAdvice? {
        switch code {
        case .serverError, .rateLimited: RetryAdvice(retryAfter: retryAfter)
        default: nil
        }
    }

    /// The code and Coze's log ID, for the exchange's failure log line.
    public var logMetadata: [String: String] {
        ["code": "\(code)", "logid": "\(logID ?? "-")"]
    }

    /// `unreachable`: no answer from the token endpoint.
    public static func unreachable(_ failure: HTTPTransportError, url: String, provider: String) -> CozeError {
        let fix = failure.code == .invalidURL ? "; fix baseURL in providers.json" : ""
        return CozeError(.unreachable, provider: provider, message: "\(provider): \(failure.message)\(fix)", underlying: failure)
    }

    /// `keyUnavailable`: the private key's store failed.
    public static func secretUnavailable(_ failure: any Error, reading reference: KeyReference, provider: String) -> CozeError {
        CozeError(.keyUnavailable, provider: provider, message: "\(provider): cannot read private key \(reference): \(failure)", underlying: failure)
    }
}
