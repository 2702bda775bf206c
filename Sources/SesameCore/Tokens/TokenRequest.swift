/// What a caller asks a provider for. Hashable: it is the ``TokenCache`` key.
///
/// Two requests that differ in any field get different tokens; keep end-user sessions in
/// ``sessionName`` rather than in ``options`` so that their meaning is portable across providers.
public struct TokenRequest: Hashable, Sendable {
    /// The end user the token acts for (Coze `session_name`); `nil` for the app itself.
    public var sessionName: String?
    /// The requested token lifetime in seconds; `nil` uses the provider's configured default.
    public var lifetime: Int?
    /// Provider-specific options (for Coze: `deviceId`, `customConsumer`). Unknown options are an error.
    public var options: [String: String]

    /// Creates a request; every field defaults to the provider's configuration.
    public init(sessionName: String? = nil, lifetime: Int? = nil, options: [String: String] = [:]) {
        self.sessionName = sessionName
        self.lifetime = lifetime
        self.options = options
    }
}
