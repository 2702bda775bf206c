import SesameCore

/// Shape checks for the optional JWT claims the official SDKs send.
enum ClaimShapes {
    private static let sessionContextForm = #"{"device_info": {"device_id": "...", "custom_consumer": "..."}}"#

    /// `session_name` must be a string; `session_context` an object whose optional `device_info` holds
    /// optional string `device_id` and `custom_consumer`. `null` counts as absent.
    static func checkSession(_ claims: [String: JSONValue]) throws(TokenRejection) {
        switch claims["session_name"] {
        case nil, .null?, .string?: break
        case let other?: throw .invalidRequest("invalid request: session_name must be a string, not \(other.typeDescription)")
        }
        guard let context = claims["session_context"], context != .null else { return }
        guard let members = context.object else {
            throw .invalidRequest("invalid request: session_context must be an object: \(sessionContextForm)")
        }
        guard let deviceInfo = members["device_info"], deviceInfo != .null else { return }
        guard let device = deviceInfo.object else {
            throw .invalidRequest("invalid request: session_context.device_info must be an object: \(sessionContextForm)")
        }
        for field in ["device_id", "custom_consumer"] {
            switch device[field] {
            case nil, .null?, .string?: break
            case let other?: throw .invalidRequest("invalid request: session_context.device_info.\(field) must be a string, not \(other.typeDescription)")
            }
        }
    }
}
