/// The three token endpoints.
enum TokenPath: Sendable, Equatable {
    /// `/api/permission/oauth2/token`.
    case standard
    /// `/api/permission/oauth2/account/{account_id}/token`.
    case account(String)
    /// `/api/permission/oauth2/enterprise_id/{enterprise_id}/token`.
    case enterprise(String)

    static let standardRoute = "/api/permission/oauth2/token"
    static let accountRoute = "/api/permission/oauth2/account/{account_id}/token"
    static let enterpriseRoute = "/api/permission/oauth2/enterprise_id/{enterprise_id}/token"

    /// The token path a request path (query allowed) names, if any.
    init?(requestPath: String) {
        // Every token request of a Coze JWT app takes the standard path: no splitting for it.
        if requestPath == Self.standardRoute {
            self = .standard
            return
        }
        let path = requestPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 4, parts[0] == "api", parts[1] == "permission", parts[2] == "oauth2", parts.last == "token" else { return nil }
        switch (parts.count, parts[3]) {
        case (4, "token"): self = .standard
        case (6, "account"): self = .account(String(parts[4]))
        case (6, "enterprise_id"): self = .enterprise(String(parts[4]))
        default: return nil
        }
    }
}
