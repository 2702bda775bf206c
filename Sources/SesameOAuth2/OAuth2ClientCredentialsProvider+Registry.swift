import SesameCore

extension ProviderFactory {
    /// `oauth2-client-credentials`: an OAuth 2.0 client using the client credentials grant (RFC 6749 §4.4).
    ///
    /// Keys: `tokenURL` (an http(s) URL), `clientId` (a string), `clientSecret` (`{"store", "name"}`),
    /// and optionally `authMethod` (`client_secret_basic`, the default, or `client_secret_post`),
    /// `scopes` (an array of strings), `audience` (a string), `resource` (an absolute URI or an array
    /// of them, RFC 8707), `timeout` (seconds per exchange, 1-300, default 10) and `maxAttempts`
    /// (1-10, default 3).
    public static let oauth2ClientCredentials = ProviderFactory(
        type: "oauth2-client-credentials",
        summary: "OAuth 2.0 client credentials grant (RFC 6749 §4.4), client secret from a key store"
    ) { section, name in
        let tokenURL = section.url("tokenURL", required: true)
        let clientID = section.identifier("clientId", required: true)
        let clientSecret = section.keyReference("clientSecret", required: true)
        let authMethod = section.choice("authMethod", from: OAuth2ClientAuthMethod.allCases.map(\.rawValue))
            .flatMap(OAuth2ClientAuthMethod.init(rawValue:))
        let scopes = readScopes(section)
        let audience = section.string("audience")
        let resources = readResources(section)
        let timeout = section.exchangeTimeout()
        let retry = section.retryPolicy()
        guard let tokenURL, let clientID, let clientSecret else { return nil }
        let configuration = OAuth2ClientCredentialsConfiguration(
            tokenURL: tokenURL,
            clientID: clientID,
            clientSecret: clientSecret,
            authMethod: authMethod ?? .clientSecretBasic,
            scopes: scopes,
            audience: audience,
            resources: resources,
            timeout: timeout,
            retry: retry
        )
        return OAuth2ClientCredentialsProvider(name: name, configuration: configuration, transport: section.context.transport, logger: section.context.logger, tracer: section.context.tracer)
    }

    /// `scopes`: an array of scope tokens (RFC 6749 §3.3); problems are reported, valid ones kept.
    private static func readScopes(_ section: ConfigSection) -> [String] {
        guard let scopes = section.strings("scopes") else { return [] }
        for scope in scopes {
            if let problem = OAuth2Syntax.scopeProblem(scope) { section.report("scopes", problem) }
        }
        return scopes
    }

    /// `resource`: one absolute URI, or an array of them (RFC 8707 §2).
    private static func readResources(_ section: ConfigSection) -> [String] {
        let resources: [String]
        switch section.rawValue("resource") {
        case nil:
            return []
        case .string?:
            guard let resource = section.string("resource") else { return [] }
            resources = [resource]
        case .array?:
            guard let list = section.strings("resource") else { return [] }
            resources = list
        case let other?:
            section.report("resource", "expected an absolute URI or an array of them, got \(other.typeDescription)")
            return []
        }
        for resource in resources {
            if let problem = OAuth2Syntax.resourceProblem(resource) { section.report("resource", problem) }
        }
        return resources
    }
}
