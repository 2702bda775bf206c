import SesameCore

/// A successful token response (RFC 6749 §5.1): the token, and the scope the server granted.
public struct OAuth2TokenGrant: Sendable, CustomStringConvertible {
    /// The access token, with the server's `token_type` and its expiry computed from `expires_in`.
    public let token: AccessToken
    /// The scopes the server says it granted (`scope`), or `nil` when it did not say, which per
    /// RFC 6749 §5.1 means exactly the scopes requested.
    public let grantedScopes: [String]?
    /// The scopes that were requested (empty when no `scope` was sent).
    public let requestedScopes: [String]

    /// Creates a grant.
    public init(token: AccessToken, grantedScopes: [String]?, requestedScopes: [String]) {
        self.token = token
        self.grantedScopes = grantedScopes
        self.requestedScopes = requestedScopes
    }

    /// The token's description (value redacted) and the granted scopes.
    public var description: String {
        let scopes = (grantedScopes ?? requestedScopes).joined(separator: " ")
        return "\(token), scope \"\(scopes)\""
    }
}
