import Hummingbird

/// A token request refused with one of Coze's OAuth error codes.
///
/// Messages follow Coze's `invalid request: {parameter}` / `invalid jwt: ...` style and add the fix;
/// they never contain the JWT, its signature or a token.
struct TokenRejection: Error, Sendable, Equatable {
    /// The HTTP status answered.
    let status: HTTPResponse.Status
    /// Coze's `error_code`.
    let code: String
    /// Coze's `error_message`.
    let message: String
    /// Seconds for a `Retry-After` header, if any.
    var retryAfter: Int? = nil

    /// 400 `invalid_request`: a request parameter is wrong.
    static func invalidRequest(_ message: String) -> Self {
        Self(status: .badRequest, code: "invalid_request", message: message)
    }

    /// 401 `invalid_client`: the JWT is not a valid credential.
    static func invalidClient(_ message: String) -> Self {
        Self(status: .unauthorized, code: "invalid_client", message: message)
    }

    /// 400 `unsupported_grant_type`.
    static func unsupportedGrantType(_ message: String) -> Self {
        Self(status: .badRequest, code: "unsupported_grant_type", message: message)
    }

    /// 403 `access_deny`: the app is disabled or may not use this path.
    static func accessDeny(_ message: String) -> Self {
        Self(status: .forbidden, code: "access_deny", message: message)
    }

    /// 429 `too_many_requests` with `Retry-After: 1` (an injected fault).
    static let throttled = Self(
        status: .tooManyRequests,
        code: "too_many_requests",
        message: "too many requests: rate limit exceeded, retry after 1 second (emulated fault throttleFirst)",
        retryAfter: 1
    )

    /// 500 `internal_error` (an injected fault).
    static let internalError = Self(
        status: .internalServerError,
        code: "internal_error",
        message: "internal error: please retry later (emulated fault failFirst)"
    )
}
