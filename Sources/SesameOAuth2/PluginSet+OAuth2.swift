import SesameCore

extension PluginSet {
    /// Registers `oauth2-client-credentials` (``ProviderFactory/oauth2ClientCredentials``).
    public mutating func registerOAuth2() {
        register(ProviderFactory.oauth2ClientCredentials)
    }
}
