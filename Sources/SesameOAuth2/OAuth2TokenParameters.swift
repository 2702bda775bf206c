import SesameCore

/// What one exchange asks for: the configured `scope`, `audience` and `resource` values with the
/// ``TokenRequest``'s options applied, checked before anything is sent.
///
/// Mapping of ``TokenRequest`` for the client credentials grant:
/// - `options["scope"]`: space-separated scopes replacing the configured ones (`""` sends none);
/// - `options["audience"]`: replaces the configured audience (`""` sends none);
/// - `options["resource"]`: space-separated absolute URIs replacing the configured resources (`""` sends none);
/// - `sessionName` and `lifetime`: refused. A client credentials token acts for the client itself,
///   not for an end user, and RFC 6749 §4.4 has no lifetime parameter (the server decides, `expires_in`).
struct OAuth2TokenParameters: Sendable, Equatable {
    /// The scopes to send as `scope` (none when empty).
    var scopes: [String]
    /// The `audience` to send, if any.
    var audience: String?
    /// The `resource` values to send, one parameter each.
    var resources: [String]

    /// The options a ``TokenRequest`` may carry.
    static let supportedOptions = ["audience", "resource", "scope"]

    /// The parameters for `request` under `configuration`.
    ///
    /// - Throws: ``OAuth2Error`` (`.invalidTokenRequest`) for a session name, a lifetime, an unknown
    ///   option, or a malformed scope or resource.
    init(configuration: OAuth2ClientCredentialsConfiguration, request: TokenRequest, provider: String) throws(OAuth2Error) {
        func refuse(_ message: String) -> OAuth2Error {
            OAuth2Error(.invalidTokenRequest, provider: provider, message: "\(provider): \(message)")
        }
        if request.sessionName != nil {
            throw refuse("a session name was given, but a client credentials token acts for the client itself, not for an end user (RFC 6749 §4.4); remove the session (--session), or use a provider with end-user sessions")
        }
        if let lifetime = request.lifetime {
            throw refuse("a lifetime of \(lifetime) s was asked for, but the client credentials grant has no lifetime parameter: the server decides (expires_in); remove the lifetime (--lifetime)")
        }
        let allowed = Self.supportedOptions.joined(separator: ", ")
        if let unknown = request.options.keys.sorted().first(where: { !Self.supportedOptions.contains($0) }) {
            throw refuse("unknown token request option \(OAuth2Syntax.quoted(unknown)); oauth2-client-credentials supports: \(allowed)")
        }
        scopes = configuration.scopes
        audience = configuration.audience
        resources = configuration.resources
        if let scope = request.options["scope"] {
            scopes = scope.split(separator: " ").map(String.init)
            if let problem = scopes.lazy.compactMap(OAuth2Syntax.scopeProblem).first {
                throw refuse("option scope: \(problem)")
            }
        }
        if let audience = request.options["audience"] {
            self.audience = audience.isEmpty ? nil : audience
        }
        if let resource = request.options["resource"] {
            resources = resource.split(separator: " ").map(String.init)
            if let problem = resources.lazy.compactMap(OAuth2Syntax.resourceProblem).first {
                throw refuse("option resource: \(problem)")
            }
        }
    }

    /// The `scope` value: the scopes space-joined, or `nil` when there are none.
    var scope: String? {
        scopes.isEmpty ? nil : scopes.joined(separator: " ")
    }

    /// The grant's form fields, `grant_type` first.
    var formFields: [(name: String, value: [UInt8])] {
        var fields: [(name: String, value: [UInt8])] = [("grant_type", Array("client_credentials".utf8))]
        if let scope { fields.append(("scope", Array(scope.utf8))) }
        if let audience { fields.append(("audience", Array(audience.utf8))) }
        for resource in resources { fields.append(("resource", Array(resource.utf8))) }
        return fields
    }
}
