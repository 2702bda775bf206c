import Foundation
import SesameCore

/// Reads the token endpoint's answer: a grant (RFC 6749 §5.1), or a typed ``OAuth2Error`` with the
/// server's code and the fix (§5.2).
///
/// Server text quoted in a message (`error_description`, an excerpt of a non-JSON body) is made
/// printable, shortened, and scrubbed of the client secret. A success body is never quoted: it may
/// hold a token.
struct OAuth2TokenResponse {
    let provider: String
    let configuration: OAuth2ClientCredentialsConfiguration
    let parameters: OAuth2TokenParameters
    let secretForms: [String]

    /// `scheme://host:port` of the token URL, for messages.
    var endpoint: String { URLText.origin(configuration.tokenURL) }

    /// The grant in `response`, or the error it describes. `now` is when the response arrived;
    /// `expires_in` counts from it.
    func grant(from response: HTTPTransportResponse, receivedAt now: Date) throws(OAuth2Error) -> OAuth2TokenGrant {
        let object: [String: JSONValue]?
        if case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)) {
            object = fields
        } else {
            object = nil
        }
        if (200...299).contains(response.status), let object, object["error"] == nil || object["access_token"] != nil {
            return try success(object, receivedAt: now)
        }
        if (200...299).contains(response.status), object == nil {
            throw OAuth2Error(.unexpectedResponse, provider: provider, message: "\(provider): \(endpoint) answered the token request with HTTP \(response.status) and a body that is not a JSON object (\(describeBody(response))); check tokenURL: it must be the token endpoint itself, not a login page or a gateway")
        }
        throw failure(response, object: object)
    }

    // MARK: - Success (§5.1)

    private func success(_ object: [String: JSONValue], receivedAt now: Date) throws(OAuth2Error) -> OAuth2TokenGrant {
        guard case .string(let value)? = object["access_token"], !value.isEmpty else {
            throw malformed("access_token", object["access_token"] == nil ? "is missing" : "is not a non-empty string")
        }
        guard case .string(let type)? = object["token_type"], !type.isEmpty else {
            throw malformed("token_type", object["token_type"] == nil ? "is missing" : "is not a non-empty string")
        }
        let lifetime: Int
        switch object["expires_in"] {
        case nil, .null?:
            lifetime = configuration.defaultExpiresIn
        case .number(let text)?:
            guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
                throw malformed("expires_in", "is \(text), not a positive number of seconds")
            }
            lifetime = Self.clampedSeconds(seconds)
        case .string(let text)?:
            // Some servers (Azure AD v1) send the number as a string.
            guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
                throw malformed("expires_in", "is \(OAuth2Syntax.quoted(text)), not a positive number of seconds")
            }
            lifetime = Self.clampedSeconds(seconds)
        case let other?:
            throw malformed("expires_in", "is \(other.typeDescription), not a number of seconds")
        }
        let granted: [String]?
        switch object["scope"] {
        case nil, .null?: granted = nil
        case .string(let scope)?: granted = scope.split(separator: " ").map(String.init)
        case let other?: throw malformed("scope", "is \(other.typeDescription), not a space-separated string")
        }
        let token = AccessToken(value: value, type: type, expiresAt: now.addingTimeInterval(TimeInterval(lifetime)), issuedAt: now)
        return OAuth2TokenGrant(token: token, grantedScopes: granted, requestedScopes: parameters.scopes)
    }

    private func malformed(_ field: String, _ problem: String) -> OAuth2Error {
        var error = OAuth2Error(
            .malformedTokenResponse,
            provider: provider,
            message: "\(provider): \(endpoint) answered with a token response whose \(field) \(problem) (RFC 6749 §5.1 requires access_token and token_type as strings, expires_in as seconds); check tokenURL, or ask the server's operators"
        )
        error.field = field
        error.httpStatus = 200
        return error
    }

    /// Whole seconds, at most ten years, so that an absurd `expires_in` cannot overflow a date.
    private static func clampedSeconds(_ seconds: Double) -> Int {
        Int(max(1, min(seconds.rounded(.down), 315_360_000)))
    }

    // MARK: - Failure (§5.2)

    private func failure(_ response: HTTPTransportResponse, object: [String: JSONValue]?) -> OAuth2Error {
        let status = response.status
        var serverCode: String?
        var serverDescription: String?
        var serverURI: String?
        if case .string(let code)? = object?["error"], !code.isEmpty {
            serverCode = serverText(code, limit: 64)
            if case .string(let text)? = object?["error_description"] { serverDescription = serverText(text, limit: 200) }
            if case .string(let uri)? = object?["error_uri"] { serverURI = serverText(uri, limit: 200) }
        }
        var said = "HTTP \(status)"
        if let serverCode {
            said += ", \(serverCode)"
            if let serverDescription { said += ": \"\(serverDescription)\"" }
            if let serverURI { said += ", see \(serverURI)" }
        } else {
            said += ", \(describeBody(response))"
        }
        var error = classify(status: status, serverCode: serverCode, said: said, location: response.header("Location"))
        error.httpStatus = status
        error.serverCode = serverCode
        error.serverDescription = serverDescription
        error.serverURI = serverURI
        if status == 429 || status == 503 {
            error.retryAfter = RetryAdvice.parseRetryAfter(response.header("Retry-After"))
        }
        return error
    }

    private func classify(status: Int, serverCode: String?, said: String, location: String?) -> OAuth2Error {
        let refused = "\(provider): \(endpoint) refused the token request (\(said))"
        func error(_ code: OAuth2Error.Code, _ remedy: String, prefix: String? = nil) -> OAuth2Error {
            OAuth2Error(code, provider: provider, message: "\(prefix ?? refused); \(remedy)")
        }
        if status == 429 {
            return error(.rateLimited, "the server is rate-limiting token requests: reuse tokens (TokenCache does) and retry later")
        }
        switch serverCode {
        case "invalid_client"?:
            return error(.invalidClient, invalidClientRemedy)
        case "invalid_scope"?:
            let asked = parameters.scope.map { "the scope requested (\"\($0)\") is unknown, malformed, or more than client \(configuration.clientID) may have" }
                ?? "no scope was requested and the server has no default scope for client \(configuration.clientID)"
            return error(.invalidScope, "\(asked); request only scopes granted to the client (scopes in providers.json, or the scope option)")
        case "invalid_target"?:
            return error(.invalidTarget, "\(targetsRequested) unknown or not allowed for client \(configuration.clientID); fix resource/audience in providers.json (or the options) to a service the client may call")
        case "unsupported_grant_type"?:
            return error(.unsupportedGrantType, "the server does not offer the client_credentials grant at this endpoint; check tokenURL, and that the server supports client credentials (RFC 6749 §4.4)")
        case "unauthorized_client"?:
            return error(.unauthorizedClient, "client \(configuration.clientID) is authenticated but may not use the client_credentials grant; allow the grant for this client on the authorization server (often called machine-to-machine or service account)")
        case "invalid_request"?:
            return error(.invalidRequest, "a parameter is missing, repeated or malformed: the server's description names it (some servers require audience or resource; a proxy may be rewriting the body)")
        case "invalid_grant"?:
            return error(.invalidGrant, "the server refused the grant itself, which for client credentials means the client's credentials or authorisation were revoked or have expired; check client \(configuration.clientID) on the authorization server")
        case "server_error"?, "temporarily_unavailable"?:
            return error(.serverError, "the authorization server failed: retry later")
        case let code? where (500...599).contains(status):
            return error(.serverError, "the authorization server failed (\(code)): retry later")
        case let code?:
            return error(.rejected, "\(code) is not an error code of RFC 6749 §5.2: see the server's documentation for it")
        case nil:
            break
        }
        switch status {
        case 500...599:
            return error(.serverError, "the authorization server or a gateway in front of it failed: retry later", prefix: "\(provider): \(endpoint) failed to answer the token request (\(said))")
        case 401, 403:
            return error(.invalidClient, "\(invalidClientRemedy); also check that tokenURL is the token endpoint (the answer has no OAuth error body)")
        case 300...399:
            let target = location.map { " to \(serverText($0, limit: 200))" } ?? ""
            return error(.unexpectedResponse, "the token endpoint redirects\(target), and token requests are not redirected (the secret would follow): set tokenURL to the final URL", prefix: "\(provider): \(endpoint) redirected the token request (\(said))")
        case 404, 405:
            return error(.unexpectedResponse, "tokenURL \(configuration.tokenURL) is not a token endpoint: use the token_endpoint from the server's /.well-known/oauth-authorization-server or /.well-known/openid-configuration")
        default:
            return error(.unexpectedResponse, "the answer is not an OAuth 2.0 token response; check tokenURL (a proxy or a wrong host answers this way)")
        }
    }

    private var invalidClientRemedy: String {
        let secret = configuration.clientSecret
        switch configuration.authMethod {
        case .clientSecretBasic:
            return "client authentication failed: check clientId (\"\(configuration.clientID)\") and the client secret in \(secret), and authMethod: the secret was sent with client_secret_basic (HTTP Basic); if the server expects it in the body, set \"authMethod\": \"client_secret_post\""
        case .clientSecretPost:
            return "client authentication failed: check clientId (\"\(configuration.clientID)\") and the client secret in \(secret), and authMethod: the secret was sent in the body (client_secret_post); if the server expects HTTP Basic, set \"authMethod\": \"client_secret_basic\" (the default)"
        }
    }

    private var targetsRequested: String {
        var parts = parameters.resources.map { "resource \"\($0)\"" }
        if let audience = parameters.audience { parts.append("audience \"\(audience)\"") }
        if parts.isEmpty { return "the server needs a resource or audience and none was sent, or the default one is" }
        return parts.joined(separator: ", ") + (parts.count == 1 ? " is" : " are")
    }

    // MARK: - Server text

    /// A short description of a body that is not an OAuth JSON answer: its content type and an excerpt.
    private func describeBody(_ response: HTTPTransportResponse) -> String {
        let type = response.header("Content-Type").map { $0.split(separator: ";").first.map(String.init) ?? $0 } ?? "no Content-Type"
        guard !response.body.isEmpty else { return "\(type), empty body" }
        let excerpt = serverText(Self.withoutMarkup(String(decoding: response.body, as: UTF8.self)), limit: 120)
        return excerpt.isEmpty ? type : "\(type): \"\(excerpt)\""
    }

    /// `text` without the client secret, on one printable line of at most `limit` characters.
    func serverText(_ text: String, limit: Int) -> String {
        var text = text
        for form in secretForms { text = text.replacingOccurrences(of: form, with: "<redacted>") }
        let printable = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        let words = printable.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.count > limit ? String(words.prefix(limit)) + "…" : words
    }

    /// HTML or XML text with its tags removed, so an error page reads as its words.
    private static func withoutMarkup(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var output = ""
        var inTag = false
        for character in text {
            switch character {
            case "<": inTag = true; output.append(" ")
            case ">" where inTag: inTag = false
            default: if !inTag { output.append(character) }
            }
        }
        return output
    }
}
