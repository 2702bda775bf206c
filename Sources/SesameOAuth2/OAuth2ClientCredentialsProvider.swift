import Foundation
import Logging
import SesameCore
import Tracing

/// Obtains access tokens with the OAuth 2.0 client credentials grant (RFC 6749 §4.4): the client
/// authenticates with its secret at the token endpoint and receives a token for itself.
///
/// Each exchange reads the client secret from its key store (a rotated secret is picked up at the
/// next exchange; the one line break a secret file ends in is dropped; a secret with a control character is refused), sends a
/// form-encoded POST with `grant_type=client_credentials` and the configured `scope`, `audience`
/// and `resource` parameters, and authenticates as ``OAuth2ClientCredentialsConfiguration/authMethod``
/// says. `expires_in` is read as seconds from the moment the response arrived (by the injected
/// clock); without it the token is assumed to live
/// ``OAuth2ClientCredentialsConfiguration/defaultExpiresIn`` seconds.
///
/// Failed exchanges are repeated on HTTP 5xx, 429 (after `Retry-After`) and connection failures, never
/// on a refusal such as `invalid_client`. No caching here: wrap the provider in a ``TokenCache``
/// (a ``TokenBroker`` does).
///
/// Per-request options (``TokenRequest/options``): `scope` (space-separated; replaces the configured
/// scopes, `""` sends none), `audience` and `resource` (space-separated absolute URIs), each
/// replacing the configured value. ``TokenRequest/sessionName`` and ``TokenRequest/lifetime`` are
/// refused: the grant has neither.
public final class OAuth2ClientCredentialsProvider: AuthProvider, CustomStringConvertible {
    /// The provider's name in the registry (used in messages).
    public let name: String
    /// The configuration.
    public let configuration: OAuth2ClientCredentialsConfiguration
    private let exchange: TokenExchange<OAuth2Error>
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// The options a ``TokenRequest`` may carry: `audience`, `resource`, `scope`.
    public static let supportedOptions: Set<String> = Set(OAuth2TokenParameters.supportedOptions)

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - transport: how the token endpoint is reached (module `Sesame` adds an initializer that uses
    ///     the shared AsyncHTTPClient).
    ///   - logger: receives debug events (URL, attempt, outcome; never a secret or token).
    ///   - now: the current time, from which `expires_in` counts; inject a fixed clock in tests.
    public init(
        name: String,
        configuration: OAuth2ClientCredentialsConfiguration,
        transport: any HTTPTransport,
        logger: Logger = Logger(label: "sesame.oauth2", factory: { _ in SwiftLogNoOpLogHandler() }),
        tracer: (any Tracer)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.name = name
        self.configuration = configuration
        self.exchange = TokenExchange(
            provider: name, kind: "oauth2", transport: transport, retry: configuration.retry, logger: logger,
            metadata: ["auth": "\(configuration.authMethod)"], tracer: tracer
        )
        self.logger = logger
        self.now = now
    }

    /// Obtains a token: one exchange, retried on 5xx, 429 and connection failures.
    ///
    /// - Throws: ``OAuth2Error``; `CancellationError` when the task is cancelled while waiting to retry.
    public func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        try await tokenGrant(for: request).token
    }

    /// Obtains a token together with the scopes the server granted; see ``fetchToken(_:)``.
    public func tokenGrant(for request: TokenRequest = TokenRequest()) async throws -> OAuth2TokenGrant {
        let parameters = try OAuth2TokenParameters(configuration: configuration, request: request, provider: name)
        let outgoing = OAuth2ExchangeRequest(configuration: configuration, parameters: parameters, secret: try await clientSecret())
        let reader = OAuth2TokenResponse(provider: name, configuration: configuration, parameters: parameters, secretForms: outgoing.secretForms)
        let grant = try await exchange.run { _ in outgoing.http } response: { response in
            try reader.grant(from: response, receivedAt: now())
        }
        logger.debug("oauth2 token issued", metadata: [
            "provider": "\(name)", "type": "\(grant.token.type)", "lifetime": "\(Int(grant.token.lifetime))",
            "scope": "\((grant.grantedScopes ?? parameters.scopes).joined(separator: " "))",
        ])
        return grant
    }

    /// The client secret, read from its store now, without the one line break a secret file ends in.
    private func clientSecret() async throws(OAuth2Error) -> SecretBytes {
        let reference = configuration.clientSecret
        let secret = SecretFileReader.withoutFinalLineBreak(try await exchange.secret(reference))
        let (length, controlAt) = secret.withUnsafeBytes { bytes in
            (bytes.count, bytes.firstIndex { $0 < 0x20 || $0 == 0x7F })
        }
        guard length > 0 else {
            throw OAuth2Error(.secretUnavailable, provider: name, message: "\(name): the client secret \(reference) is empty; store the client's secret there")
        }
        // RFC 6749 (appendix A.2) allows only printable characters: a second line, a stray CR or a tab
        // would make every exchange fail with invalid_client, far from the cause.
        if let controlAt {
            throw OAuth2Error(
                .secretUnavailable, provider: name,
                message: "\(name): the client secret \(reference) holds a control character (a line break or tab) at byte \(controlAt + 1) of \(length); a client secret is one line of printable characters: store it alone, with at most one final line break"
            )
        }
        return secret
    }

    /// `client sesame-example at https://auth.example.com/oauth2/token, client_secret_basic, scope "reports.read", secret env:EXAMPLE_CLIENT_SECRET`.
    public var description: String {
        var parts = ["client \(configuration.clientID) at \(configuration.tokenURL)", "\(configuration.authMethod)"]
        if !configuration.scopes.isEmpty { parts.append("scope \"\(configuration.scopes.joined(separator: " "))\"") }
        if let audience = configuration.audience { parts.append("audience \(audience)") }
        if !configuration.resources.isEmpty { parts.append("resource \(configuration.resources.joined(separator: " "))") }
        parts.append("secret \(configuration.clientSecret)")
        return parts.joined(separator: ", ")
    }
}
