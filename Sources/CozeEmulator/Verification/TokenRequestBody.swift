import SesameCore

/// The JSON body of a token request, checked as Coze documents it. Fields the official SDKs add
/// (such as `account_id`) are ignored.
struct TokenRequestBody: Sendable, Equatable {
    static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    static let defaultDuration = 900
    static let durations = 1...86399
    private static let scopeForm = #"{"account_permission":{"permission_list":["Connector.botChat"]},"attribute_constraint":{"connector_bot_chat_attribute":{"bot_id_list":["<bot id>"]}}}"#

    /// Token lifetime in seconds.
    let duration: Int
    /// Whether a (well-formed) `scope` was sent.
    let hasScope: Bool

    /// Parses and checks `bytes`.
    ///
    /// - Throws: ``TokenRejection``: 400 `invalid_request` naming the parameter, or 400
    ///   `unsupported_grant_type`.
    init(_ bytes: [UInt8]) throws(TokenRejection) {
        guard let body = JSONValue.parse(bytes)?.object else {
            throw .invalidRequest("invalid request: the body must be a JSON object such as {\"grant_type\":\"\(Self.grantType)\"}")
        }
        switch body["grant_type"] {
        case nil, .null?:
            throw .invalidRequest("invalid request: grant_type is missing; send \"grant_type\": \"\(Self.grantType)\"")
        case .string(Self.grantType)?:
            break
        case .string(let other)?:
            throw .unsupportedGrantType("unsupported grant type \"\(other)\"; the JWT flow requires \"\(Self.grantType)\"")
        case let other?:
            throw .unsupportedGrantType("unsupported grant type (\(other.typeDescription)); the JWT flow requires \"\(Self.grantType)\"")
        }
        duration = try Self.duration(body["duration_seconds"])
        switch body["scope"] {
        case nil, .null?:
            hasScope = false
        case let scope?:
            try Self.checkScope(scope)
            hasScope = true
        }
    }

    /// `duration_seconds`: absent or null means the default; else an integer in ``durations``.
    private static func duration(_ value: JSONValue?) throws(TokenRejection) -> Int {
        guard let value, value != .null else { return defaultDuration }
        guard let seconds = value.integer else {
            throw .invalidRequest("invalid request: duration_seconds must be an integer from 1 to 86399, not \(value.typeDescription)")
        }
        guard durations.contains(seconds) else {
            throw .invalidRequest("invalid request: duration_seconds must be from 1 to 86399, got \(seconds)")
        }
        return seconds
    }

    private static func checkScope(_ scope: JSONValue) throws(TokenRejection) {
        func fail(_ problem: String) -> TokenRejection {
            .invalidRequest("invalid request: scope: \(problem); the full shape is \(scopeForm)")
        }
        guard let root = scope.object else { throw fail("must be an object, not \(scope.typeDescription)") }
        guard let permission = root["account_permission"]?.object else { throw fail("account_permission is missing or not an object") }
        guard let permissions = permission["permission_list"]?.array, !permissions.isEmpty else {
            throw fail("account_permission.permission_list must be a non-empty array of strings")
        }
        guard permissions.allSatisfy({ $0.string != nil }) else { throw fail("account_permission.permission_list must hold strings") }
        guard let constraint = root["attribute_constraint"]?.object else { throw fail("attribute_constraint is missing or not an object") }
        guard let attribute = constraint["connector_bot_chat_attribute"]?.object else {
            throw fail("attribute_constraint.connector_bot_chat_attribute is missing or not an object")
        }
        guard let bots = attribute["bot_id_list"]?.array, bots.allSatisfy({ $0.string != nil }) else {
            throw fail("attribute_constraint.connector_bot_chat_attribute.bot_id_list must be an array of string bot IDs")
        }
    }
}
