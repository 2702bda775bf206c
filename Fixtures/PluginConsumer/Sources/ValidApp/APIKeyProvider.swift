import Foundation
import Sesame

/// A provider written outside Sesame that calls a token endpoint: it trades an API key, kept in a key
/// store, for a short-lived access token. `TokenExchange` makes the attempts.
struct APIKeyProvider: AuthProvider {
    let name: String
    let tokenURL: String
    let apiKey: KeyReference
    let exchange: TokenExchange<APIKeyError>

    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        guard request == TokenRequest() else { throw APIKeyError(.refused, "\(name): api-key tokens take no session, lifetime or options") }
        let key = try await exchange.secret(apiKey)
        return try await exchange.run { _ in
            HTTPTransportRequest(
                method: "POST",
                url: tokenURL,
                headers: [("Authorization", "ApiKey " + key.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })]
            )
        } response: { response in
            try token(from: response, receivedAt: Date())
        }
    }

    private struct Answer: Decodable {
        let token: String
        let expiresIn: Int
    }

    private func token(from response: HTTPTransportResponse, receivedAt now: Date) throws(APIKeyError) -> AccessToken {
        guard response.status == 200 else {
            var error = APIKeyError(response.status >= 500 ? .serverError : .refused, "\(name): \(tokenURL) answered HTTP \(response.status)")
            error.status = response.status
            throw error
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)) else {
            throw APIKeyError(.refused, "\(name): \(tokenURL) did not answer with a token; check tokenURL")
        }
        return AccessToken(value: answer.token, expiresAt: now.addingTimeInterval(TimeInterval(answer.expiresIn)), issuedAt: now)
    }

    /// `api-key`: `{"type": "api-key", "tokenURL": "https://…", "apiKey": {"store": …, "name": …}, "maxAttempts": 3}`.
    static let factory = ProviderFactory(type: "api-key", summary: "an API key traded for an access token") { section, name in
        let tokenURL = section.url("tokenURL", required: true)
        let apiKey = section.keyReference("apiKey", required: true)
        let retry = section.retryPolicy()
        guard let tokenURL, let apiKey else { return nil }
        let context = section.context
        let exchange = TokenExchange<APIKeyError>(provider: name, kind: "api-key", transport: context.transport, retry: retry, logger: context.logger)
        return APIKeyProvider(name: name, tokenURL: tokenURL, apiKey: apiKey, exchange: exchange)
    }
}
