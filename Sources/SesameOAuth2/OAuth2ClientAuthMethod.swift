/// How the client proves its identity to the token endpoint with its client secret (RFC 6749 §2.3.1).
public enum OAuth2ClientAuthMethod: String, Sendable, CaseIterable, CustomStringConvertible {
    /// HTTP Basic authentication: `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))`.
    /// The default, and the method every authorization server must support.
    case clientSecretBasic = "client_secret_basic"
    /// `client_id` and `client_secret` as parameters of the form body; for servers that do not
    /// accept HTTP Basic.
    case clientSecretPost = "client_secret_post"

    /// The registered name, e.g. `client_secret_basic` (RFC 7591 `token_endpoint_auth_method`).
    public var description: String { rawValue }
}
