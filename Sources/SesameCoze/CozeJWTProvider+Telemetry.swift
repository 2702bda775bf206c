import SesameCore

extension CozeJWTProvider: TokenRejectionDescribing, TelemetryDescribing {
    /// Coze's APIs refuse tokens with 401 or `{"code": 4100|4101}` (``TokenRejectionRule/coze``).
    public var tokenRejectionRule: TokenRejectionRule { .coze }

    /// `coze.region` (`cn` or `com`) and `coze.app_id`.
    public var telemetryAttributes: [String: String] { Self.telemetryAttributes(of: configuration) }

    static func telemetryAttributes(of configuration: CozeJWTConfiguration) -> [String: String] {
        ["coze.region": configuration.region.rawValue, "coze.app_id": configuration.appID]
    }
}
