import Foundation
import SesameCore

/// Hands out a Coze personal or service access token read from a key store: development with a
/// personal access token and production with a JWT app then differ by one registry entry.
///
/// Every call reads the store (a rotated token is picked up at the next refresh); nothing is
/// cached here. The same token serves every ``TokenRequest``: a static token cannot act for an end
/// user, so `sessionName` and `lifetime` do not change it. The token never appears in a message.
public final class CozeAccessTokenProvider: AuthProvider, CustomStringConvertible {
    /// The provider's name in the registry (used in messages).
    public let name: String
    /// The configuration.
    public let configuration: CozeAccessTokenConfiguration
    private let now: @Sendable () -> Date

    /// Creates a provider.
    public init(name: String, configuration: CozeAccessTokenConfiguration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.name = name
        self.configuration = configuration
        self.now = now
    }

    /// The token, with its configured expiry (`Date.distantFuture` when it has none).
    ///
    /// - Throws: ``CozeError`` `.keyUnavailable` when the store cannot give it or it is empty,
    ///   `.expiredToken` when its configured expiry has passed, `.invalidTokenRequest` for an option
    ///   other than none.
    public func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        if let option = request.options.keys.sorted().first {
            throw CozeError(.invalidTokenRequest, provider: name, message: "\(name): unknown token request option \"\(option)\"; coze-access-token takes no options")
        }
        let reference = configuration.token
        let secret: SecretBytes
        do {
            secret = try await reference.read()
        } catch {
            throw CozeError.secretUnavailable(error, reading: reference, provider: name)
        }
        let value = secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else {
            throw CozeError(.keyUnavailable, provider: name, message: "\(name): access token \(reference) is empty; put the token (pat_… or sat_…) there")
        }
        guard !value.contains("-----BEGIN") else {
            throw CozeError(.keyUnavailable, provider: name, message: "\(name): \(reference) holds a PEM key, not an access token; a coze-access-token provider needs the token (pat_… or sat_…), a JWT app needs a coze-jwt provider")
        }
        let issuedAt = now()
        let expiresAt: Date
        switch configuration.expiry {
        case .never: expiresAt = .distantFuture
        case .lifetime(let seconds): expiresAt = issuedAt.addingTimeInterval(TimeInterval(seconds))
        case .at(let date):
            guard date > issuedAt else {
                throw CozeError(.expiredToken, provider: name, message: "\(name): the access token expired at \(date.formatted(.iso8601)) (expiresAt); create a new one in the Coze console, store it in \(reference) and update expiresAt")
            }
            expiresAt = date
        }
        return AccessToken(value: value, expiresAt: expiresAt, issuedAt: issuedAt)
    }

    /// `token env:COZE_API_TOKEN, region cn, expires 2026-12-01T00:00:00Z`.
    public var description: String {
        var parts = ["token \(configuration.token)", "region \(configuration.region.rawValue)"]
        if configuration.baseURL != configuration.region.baseURL { parts.append("baseURL \(configuration.baseURL)") }
        switch configuration.expiry {
        case .never: parts.append("no expiry")
        case .at(let date): parts.append("expires \(date.formatted(.iso8601))")
        case .lifetime(let seconds): parts.append("lifetime \(seconds) s")
        }
        return parts.joined(separator: ", ")
    }
}
