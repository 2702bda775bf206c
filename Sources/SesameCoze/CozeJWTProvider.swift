import Foundation
import Logging
import SesameCore
import SesameJOSE
import Tracing
import Synchronization

/// Mints Coze access tokens with the OAuth JWT flow: sign a single-use RS256 JWT with the app's
/// private key, exchange it at the region's token endpoint.
///
/// Every attempt, retries included, signs a new JWT with a fresh `jti`. The private key is read from
/// its store on first use and kept parsed in memory. No token caching here: wrap the provider in a
/// ``TokenCache`` (a ``TokenBroker`` does).
///
/// Per-request options (``TokenRequest/options``): `deviceId` and `customConsumer` set the
/// `session_context` claim.
public final class CozeJWTProvider: AuthProvider, CustomStringConvertible {
    /// The provider's name in the registry (used in messages).
    public let name: String
    /// The configuration.
    public let configuration: CozeJWTConfiguration
    private let exchange: TokenExchange<CozeError>
    private let now: @Sendable () -> Date
    private let signingKey = Mutex<RSAPrivateKey?>(nil)

    /// The options a ``TokenRequest`` may carry.
    public static let supportedOptions: Set<String> = ["deviceId", "customConsumer"]

    /// Creates a provider.
    public init(
        name: String,
        configuration: CozeJWTConfiguration,
        transport: any HTTPTransport,
        logger: Logger = Logger(label: "sesame.coze", factory: { _ in SwiftLogNoOpLogHandler() }),
        tracer: (any Tracer)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.name = name
        self.configuration = configuration
        self.exchange = TokenExchange(
            provider: name, kind: "coze", transport: transport, retry: configuration.retry, logger: logger,
            tracer: tracer, spanAttributes: Self.telemetryAttributes(of: configuration),
            requestIDHeader: TokenRejectionRule.coze.requestIDHeader
        )
        self.now = now
    }

    /// Mints a token: one exchange, retried on 5xx, 429 and connection failures with a new JWT each time.
    public func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        let lifetime = try tokenLifetime(for: request)
        let key = try await privateKey()
        let body = try requestBody(lifetime: lifetime)
        let reader = CozeTokenResponse(provider: name, host: configuration.baseURL)
        return try await exchange.run { _ in
            HTTPTransportRequest(
                method: "POST",
                url: configuration.tokenURL,
                headers: [
                    ("Content-Type", "application/json"),
                    ("Accept", "application/json"),
                    ("Authorization", "Bearer \(try sign(request, with: key).jwt)"),
                    ("User-Agent", "sesame/0.1"),
                ],
                body: body,
                timeout: configuration.timeout
            )
        } response: { response in
            try reader.token(from: response, receivedAt: now())
        }
    }

    /// A freshly signed JWT assertion for `request`, as the next exchange would send it.
    public func assertion(for request: TokenRequest = TokenRequest()) async throws -> CozeAssertion {
        _ = try tokenLifetime(for: request)
        return try sign(request, with: try await privateKey())
    }

    /// The transport, for diagnostics that probe with a modified configuration.
    var transportForDiagnosis: any HTTPTransport { exchange.transport }

    /// The parsed private key, read from its store on first use.
    public func privateKey() async throws -> RSAPrivateKey {
        if let key = signingKey.withLock({ $0 }) { return key }
        let reference = configuration.privateKey
        let material = try await exchange.secret(reference)
        let key: RSAPrivateKey
        do {
            key = try RSAPrivateKey(pem: material)
        } catch {
            throw CozeError.unusableKey(error, reference: reference, provider: name)
        }
        signingKey.withLock { $0 = key }
        return key
    }

    // MARK: - Building the exchange

    private func sign(_ request: TokenRequest, with key: RSAPrivateKey) throws -> CozeAssertion {
        let issuedAt = Int64(now().timeIntervalSince1970)
        let header = CozeJWTHeader(kid: configuration.keyID)
        let claims = CozeJWTClaims(
            iss: configuration.appID,
            aud: configuration.audience,
            iat: issuedAt,
            exp: issuedAt + Int64(configuration.jwtLifetime),
            jti: Self.makeJTI(),
            sessionName: request.sessionName,
            sessionContext: sessionContext(for: request)
        )
        let jwt = try JWS.sign(header: header.jsonBytes, payload: claims.jsonBytes, key: key)
        return CozeAssertion(jwt: jwt, header: header, claims: claims)
    }

    private func sessionContext(for request: TokenRequest) -> CozeJWTClaims.SessionContext? {
        let deviceID = request.options["deviceId"] ?? configuration.sessionContext?.deviceID
        let consumer = request.options["customConsumer"] ?? configuration.sessionContext?.customConsumer
        guard deviceID != nil || consumer != nil else { return nil }
        return .init(deviceInfo: .init(deviceID: deviceID, customConsumer: consumer))
    }

    private func tokenLifetime(for request: TokenRequest) throws -> Int {
        let unknown = Set(request.options.keys).subtracting(Self.supportedOptions)
        if let option = unknown.sorted().first {
            throw CozeError(.invalidTokenRequest, provider: name, message: "\(name): unknown token request option \"\(option)\"\(Suggestion.hint(for: option, in: Self.supportedOptions)); coze-jwt supports: \(Self.supportedOptions.sorted().joined(separator: ", "))")
        }
        let lifetime = request.lifetime ?? configuration.tokenLifetime
        guard CozeJWTConfiguration.tokenLifetimeRange.contains(lifetime) else {
            throw CozeError(.invalidTokenRequest, provider: name, message: "\(name): token lifetime \(lifetime) s is outside Coze's range 1-86399 s; ask for less")
        }
        return lifetime
    }

    private struct RequestBody: Encodable {
        let grant_type = "urn:ietf:params:oauth:grant-type:jwt-bearer"
        let duration_seconds: Int
        let scope: CozeScope.ScopeBody?
    }

    private func requestBody(lifetime: Int) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(RequestBody(duration_seconds: lifetime, scope: configuration.scope?.body)))
    }

    /// 32 random bytes, base64url: 43 characters, unique per JWT.
    static func makeJTI() -> String {
        Base64URL.encode(SecureRandom.bytes(32))
    }

    /// `app 1133483935040, key _VzHk…, region cn (api.coze.cn), https://api.coze.cn, key files:coze-cn.pem`.
    public var description: String {
        var parts = ["app \(configuration.appID)", "key \(configuration.keyID)", "region \(configuration.region.rawValue)"]
        if configuration.baseURL != configuration.region.baseURL { parts.append("baseURL \(configuration.baseURL)") }
        if configuration.audience != configuration.region.audience { parts.append("audience \(configuration.audience)") }
        if configuration.tokenPath != .standard { parts.append("path \(configuration.tokenPath)") }
        parts.append("private key \(configuration.privateKey)")
        return parts.joined(separator: ", ")
    }
}
