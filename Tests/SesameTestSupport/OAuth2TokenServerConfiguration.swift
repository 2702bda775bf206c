/// A client registered with an ``OAuth2TokenServer``: its credentials and what it may ask for.
public struct OAuth2TestClient: Sendable {
    /// The client identifier.
    public var id: String
    /// The client secret.
    public var secret: String
    /// The authentication methods the client may use: `client_secret_basic`, `client_secret_post`.
    public var authMethods: Set<String>
    /// The grant types the client may use; without `client_credentials` it gets `unauthorized_client`.
    public var grantTypes: Set<String>
    /// The scopes the client may request; a request for any other gets `invalid_scope`.
    public var allowedScopes: Set<String>
    /// The scopes granted when the request has no `scope`.
    public var defaultScopes: [String]
    /// The `audience` values the client may request; any other gets `invalid_target`.
    public var allowedAudiences: Set<String>
    /// The `resource` values (RFC 8707) the client may request; any other gets `invalid_target`.
    public var allowedResources: Set<String>
    /// Whether a request without `audience` gets `invalid_request` (as Auth0 answers).
    public var requiresAudience: Bool

    /// Creates a client that may use `client_secret_basic` and the client credentials grant.
    public init(
        id: String,
        secret: String,
        authMethods: Set<String> = ["client_secret_basic"],
        grantTypes: Set<String> = ["client_credentials"],
        allowedScopes: Set<String> = [],
        defaultScopes: [String] = [],
        allowedAudiences: Set<String> = [],
        allowedResources: Set<String> = [],
        requiresAudience: Bool = false
    ) {
        self.id = id
        self.secret = secret
        self.authMethods = authMethods
        self.grantTypes = grantTypes
        self.allowedScopes = allowedScopes
        self.defaultScopes = defaultScopes
        self.allowedAudiences = allowedAudiences
        self.allowedResources = allowedResources
        self.requiresAudience = requiresAudience
    }
}

/// What an ``OAuth2TokenServer`` accepts and how it answers.
public struct OAuth2TokenServerConfiguration: Sendable {
    /// The registered clients.
    public var clients: [OAuth2TestClient]
    /// The path of the token endpoint. Default `/oauth2/token`.
    public var tokenPath: String
    /// The grant types the server offers; any other gets `unsupported_grant_type`.
    public var supportedGrantTypes: Set<String>
    /// The `expires_in` of issued tokens in seconds; `nil` leaves `expires_in` out of the answer.
    public var tokenLifetime: Int?
    /// The `token_type` of issued tokens.
    public var tokenType: String
    /// Faults to inject into the first token requests.
    public var faults: OAuth2TokenServerFaults

    /// Creates a configuration: `/oauth2/token`, client credentials only, one-hour Bearer tokens, no faults.
    public init(
        clients: [OAuth2TestClient] = [],
        tokenPath: String = "/oauth2/token",
        supportedGrantTypes: Set<String> = ["client_credentials"],
        tokenLifetime: Int? = 3600,
        tokenType: String = "Bearer",
        faults: OAuth2TokenServerFaults = OAuth2TokenServerFaults()
    ) {
        self.clients = clients
        self.tokenPath = tokenPath
        self.supportedGrantTypes = supportedGrantTypes
        self.tokenLifetime = tokenLifetime
        self.tokenType = tokenType
        self.faults = faults
    }
}

/// Faults an ``OAuth2TokenServer`` injects, consumed one per token request, in this order:
/// dropped connections first, then scripted answers, then normal processing.
public struct OAuth2TokenServerFaults: Sendable {
    /// How many token requests get their connection closed without an answer.
    public var dropFirst: Int
    /// Answers given, in order, to the next token requests instead of processing them.
    public var answers: [OAuth2ScriptedAnswer]

    /// Creates faults; by default none.
    public init(dropFirst: Int = 0, answers: [OAuth2ScriptedAnswer] = []) {
        self.dropFirst = dropFirst
        self.answers = answers
    }
}

/// An answer a token server gives instead of processing a request: for faults a real server shows
/// rarely or never on demand (outages, throttling, broken proxies, malformed responses).
public struct OAuth2ScriptedAnswer: Sendable {
    /// The HTTP status.
    public var status: Int
    /// Header fields.
    public var headers: [String: String]
    /// The body.
    public var body: String

    /// Creates an answer.
    public init(status: Int, headers: [String: String] = [:], body: String = "") {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `503` with `{"error": "temporarily_unavailable"}` and, when given, `Retry-After`.
    public static func unavailable(retryAfter: Int? = nil) -> Self {
        var answer = oauthError(status: 503, code: "temporarily_unavailable", description: "the token service is restarting")
        if let retryAfter { answer.headers["Retry-After"] = String(retryAfter) }
        return answer
    }

    /// `429 Too Many Requests` as plain text, with `Retry-After: SECONDS`.
    public static func throttled(retryAfter: Int) -> Self {
        Self(status: 429, headers: ["Content-Type": "text/plain", "Retry-After": String(retryAfter)], body: "Too Many Requests")
    }

    /// An RFC 6749 §5.2 error answer.
    public static func oauthError(status: Int = 400, code: String, description: String? = nil, uri: String? = nil) -> Self {
        var fields = ["\"error\": \(jsonString(code))"]
        if let description { fields.append("\"error_description\": \(jsonString(description))") }
        if let uri { fields.append("\"error_uri\": \(jsonString(uri))") }
        return json(status: status, "{" + fields.joined(separator: ", ") + "}")
    }

    /// `body` (JSON text) with `Content-Type: application/json`.
    public static func json(status: Int = 200, _ body: String) -> Self {
        Self(status: status, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"], body: body)
    }

    /// `body` as `text/html`, as a gateway's error page.
    public static func html(status: Int, _ body: String) -> Self {
        Self(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: body)
    }

    private static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
