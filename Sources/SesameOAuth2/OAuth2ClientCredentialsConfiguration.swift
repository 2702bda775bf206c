import SesameCore

/// Everything an ``OAuth2ClientCredentialsProvider`` needs to obtain tokens for one OAuth 2.0 client
/// with the client credentials grant (RFC 6749 §4.4).
public struct OAuth2ClientCredentialsConfiguration: Sendable {
    /// The authorization server's token endpoint, an absolute `http` or `https` URL.
    public var tokenURL: String
    /// The client identifier issued by the authorization server.
    public var clientID: String
    /// Where the client secret is; it is read from its store on every exchange and never kept.
    public var clientSecret: KeyReference
    /// How the secret is presented. Default ``OAuth2ClientAuthMethod/clientSecretBasic``.
    public var authMethod: OAuth2ClientAuthMethod
    /// The scopes requested, sent space-separated as `scope`; empty sends no `scope` (the server's
    /// default applies).
    public var scopes: [String]
    /// The `audience` parameter, for servers that select the API by audience (Auth0, Okta); `nil`
    /// sends none.
    public var audience: String?
    /// The target services (RFC 8707), each an absolute URI sent as its own `resource` parameter.
    public var resources: [String]
    /// How long one exchange may take. Default 10 s.
    public var timeout: Duration
    /// How failed exchanges (5xx, 429, connection failures) are repeated.
    public var retry: RetryPolicy
    /// The lifetime assumed, in seconds, when a token response has no `expires_in`. Default 3600.
    public var defaultExpiresIn: Int

    /// The lifetime assumed when the server does not send `expires_in`: one hour.
    public static let standardExpiresIn = 3600

    /// Creates a configuration.
    public init(
        tokenURL: String,
        clientID: String,
        clientSecret: KeyReference,
        authMethod: OAuth2ClientAuthMethod = .clientSecretBasic,
        scopes: [String] = [],
        audience: String? = nil,
        resources: [String] = [],
        timeout: Duration = .seconds(10),
        retry: RetryPolicy = .standard,
        defaultExpiresIn: Int = OAuth2ClientCredentialsConfiguration.standardExpiresIn
    ) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.authMethod = authMethod
        self.scopes = scopes
        self.audience = audience
        self.resources = resources
        self.timeout = timeout
        self.retry = retry
        self.defaultExpiresIn = defaultExpiresIn
    }
}
