import Foundation
import Sesame

/// A provider written outside Sesame: its "token" is a secret read from a key store.
struct StaticTokenProvider: AuthProvider {
    let token: KeyReference
    let lifetime: Int

    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        let secret = try await token.read()
        let value = secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        return AccessToken(value: value, expiresAt: Date().addingTimeInterval(TimeInterval(lifetime)))
    }

    /// `static-token`: `{"type": "static-token", "token": {"store": …, "name": …}, "lifetime": 300}`.
    static let factory = ProviderFactory(type: "static-token", summary: "a fixed token from a key store") { section, _ in
        let token = section.keyReference("token", required: true)
        let lifetime = section.integer("lifetime", in: 1...86400)
        guard let token else { return nil }
        return StaticTokenProvider(token: token, lifetime: lifetime ?? 3600)
    }
}
