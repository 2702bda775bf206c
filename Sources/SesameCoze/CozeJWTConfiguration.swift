import SesameCore

/// Everything a ``CozeJWTProvider`` needs to mint tokens for one Coze OAuth JWT app.
public struct CozeJWTConfiguration: Sendable {
    /// The OAuth app's ID (`iss`): digits, from the app's page in the Coze console.
    public var appID: String
    /// The public key's ID (`kid`): the fingerprint shown next to the uploaded public key.
    public var keyID: String
    /// Where the app's RSA private key is.
    public var privateKey: KeyReference
    /// The region the app was created in. ``baseURL`` and ``audience`` follow it unless overridden.
    public var region: CozeRegion
    /// An endpoint to use instead of the region's (a proxy, the emulator), or `nil`.
    public var baseURLOverride: String?
    /// A JWT `aud` to send instead of the region's, or `nil`.
    public var audienceOverride: String?
    /// Which token endpoint to use.
    public var tokenPath: CozeTokenPath
    /// The access token lifetime requested, in seconds (1...86399). Default 900.
    public var tokenLifetime: Int
    /// The JWT assertion's lifetime (`exp - iat`), in seconds (1...86400). Default 600.
    public var jwtLifetime: Int
    /// The `session_context` claim sent with every JWT unless the request overrides it.
    public var sessionContext: CozeSessionContext?
    /// The `scope` sent in the body (channel apps).
    public var scope: CozeScope?
    /// How long one exchange may take.
    public var timeout: Duration
    /// How failed exchanges are repeated.
    public var retry: RetryPolicy

    /// The documented bounds of `duration_seconds`.
    public static let tokenLifetimeRange = 1...86399

    /// Creates a configuration; `baseURL` and `audience` are overrides, `nil` to follow the region.
    public init(
        appID: String,
        keyID: String,
        privateKey: KeyReference,
        region: CozeRegion = .cn,
        baseURL: String? = nil,
        audience: String? = nil,
        tokenPath: CozeTokenPath = .standard,
        tokenLifetime: Int = 900,
        jwtLifetime: Int = 600,
        sessionContext: CozeSessionContext? = nil,
        scope: CozeScope? = nil,
        timeout: Duration = .seconds(10),
        retry: RetryPolicy = .standard
    ) {
        self.appID = appID
        self.keyID = keyID
        self.privateKey = privateKey
        self.region = region
        self.baseURLOverride = baseURL
        self.audienceOverride = audience
        self.tokenPath = tokenPath
        self.tokenLifetime = tokenLifetime
        self.jwtLifetime = jwtLifetime
        self.sessionContext = sessionContext
        self.scope = scope
        self.timeout = timeout
        self.retry = retry
    }

    /// The endpoint: ``baseURLOverride``, else the region's. Setting it sets the override.
    public var baseURL: String {
        get { baseURLOverride ?? region.baseURL }
        set { baseURLOverride = newValue }
    }

    /// The JWT `aud`: ``audienceOverride``, else the region's. Setting it sets the override.
    public var audience: String {
        get { audienceOverride ?? region.audience }
        set { audienceOverride = newValue }
    }

    /// The full token endpoint URL.
    public var tokenURL: String { baseURL + tokenPath.path }
}
