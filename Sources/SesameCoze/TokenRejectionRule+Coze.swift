import SesameCore

extension TokenRejectionRule {
    /// How Coze's APIs refuse an access token: HTTP 401, or a JSON body whose `code` is 4100
    /// (authentication invalid: unknown, expired or revoked token) or 4101 (no permission), often
    /// with HTTP 200; the request ID is in `X-Tt-Logid`.
    public static let coze = TokenRejectionRule(
        statuses: [401],
        bodyCodeField: "code",
        bodyCodes: [4100, 4101],
        requestIDHeader: "X-Tt-Logid"
    )
}
