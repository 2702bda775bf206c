import SesameCore

extension InlineSecretPattern {
    /// A Coze access token (`czs_`, or a personal or service access token, `pat_`, `sat_`) of 24
    /// characters or more: refused when pasted into `providers.json`.
    public static let cozeAccessToken = InlineSecretPattern.prefixed(["czs_", "pat_", "sat_"], minimumLength: 24, kind: "a Coze access token")
}

extension PluginSet {
    /// Registers `coze-jwt` and `coze-access-token`, and Coze's access tokens as secrets the registry
    /// refuses inline.
    public mutating func registerCoze() {
        register(ProviderFactory.cozeJWT)
        register(ProviderFactory.cozeAccessToken)
        register(InlineSecretPattern.cozeAccessToken)
    }
}
