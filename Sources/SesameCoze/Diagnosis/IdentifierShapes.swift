/// What a pasted identifier looks like, to tell an app ID from a bot ID, a key ID or a token.
enum IdentifierShape: Equatable {
    case appID
    case longNumericID
    case keyID
    case token
    case pem
    case other

    init(_ text: String) {
        if text.contains("BEGIN") || text.contains("PRIVATE KEY") {
            self = .pem
        } else if ["czs_", "pat_", "sat_"].contains(where: text.hasPrefix) || (text.hasPrefix("eyJ") && text.filter({ $0 == "." }).count == 2) {
            self = .token
        } else if text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
            self = text.count >= 17 ? .longNumericID : .appID
        } else if text.count == 43, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            self = .keyID
        } else {
            self = .other
        }
    }

    var description: String {
        switch self {
        case .appID: "an app ID"
        case .longNumericID: "a 19-digit ID such as a bot, workspace or account ID"
        case .keyID: "a key ID (43 base64url characters)"
        case .token: "an access token or a JWT"
        case .pem: "a PEM key"
        case .other: "an unrecognised value"
        }
    }
}
