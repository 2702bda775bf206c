/// Which of Coze's three JWT token endpoints an app uses.
public enum CozeTokenPath: Sendable, Hashable, CustomStringConvertible {
    /// Personal or team edition: `/api/permission/oauth2/token`.
    case standard
    /// Cross-account or enterprise multi-organisation: `/api/permission/oauth2/account/{id}/token`.
    case account(String)
    /// Enterprise privileged app: `/api/permission/oauth2/enterprise_id/{id}/token`.
    case enterprise(String)

    /// The URL path.
    public var path: String {
        switch self {
        case .standard: "/api/permission/oauth2/token"
        case .account(let id): "/api/permission/oauth2/account/\(Self.escape(id))/token"
        case .enterprise(let id): "/api/permission/oauth2/enterprise_id/\(Self.escape(id))/token"
        }
    }

    /// `standard`, `account 123`, `enterprise 456`.
    public var description: String {
        switch self {
        case .standard: "standard"
        case .account(let id): "account \(id)"
        case .enterprise(let id): "enterprise \(id)"
        }
    }

    private static func escape(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
    }
}

import Foundation
