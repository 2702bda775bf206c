import Foundation
import Sesame

/// A provider written outside Sesame: a long-lived bearer token (a personal access token) kept in a
/// key store, handed out as is with a nominal lifetime.
///
/// ```json
/// "ci-bot": { "type": "static-bearer", "token": { "store": "pass", "name": "ci-bot-pat" }, "lifetime": 3600 }
/// ```
struct StaticBearerProvider: AuthProvider, CustomStringConvertible {
    let name: String
    let token: KeyReference
    let lifetime: Int

    /// `static-bearer`: `token` (a key reference, required), `lifetime` (seconds, default 3600).
    static let factory = ProviderFactory(type: "static-bearer", summary: "a long-lived bearer token from a key store") { section, name in
        let token = section.keyReference("token", required: true)
        let lifetime = section.integer("lifetime", in: 60...86400)
        guard let token else { return nil }
        return StaticBearerProvider(name: name, token: token, lifetime: lifetime ?? 3600)
    }

    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        guard request == TokenRequest() else {
            throw KeyStoreError(.invalidFormat, "\(name): static-bearer tokens take no session, lifetime or options")
        }
        let secret = try await token.read()
        let value = secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let now = Date()
        return AccessToken(value: value, expiresAt: now.addingTimeInterval(TimeInterval(lifetime)), issuedAt: now)
    }

    var description: String { "token \(token), lifetime \(lifetime) s" }
}
