import Sesame

/// Why an `api-key` provider got no token. `TokenExchange` asks it whether to retry, sets `attempts`
/// when it gives up, and makes one for a transport or key store failure.
struct APIKeyError: TokenExchangeError, CustomStringConvertible {
    enum Code: String { case refused, serverError, unreachable, keyUnavailable }

    let code: Code
    let reason: String
    var status: Int?
    var underlying: (any Error)?
    var attempts = 1

    init(_ code: Code, _ reason: String, underlying: (any Error)? = nil) {
        self.code = code
        self.reason = reason
        self.underlying = underlying
    }

    var description: String { notingAttempts(reason) }
    var retryAdvice: RetryAdvice? { code == .serverError ? RetryAdvice() : nil }
    var logMetadata: [String: String] { ["code": code.rawValue, "status": status.map(String.init) ?? "-"] }

    static func unreachable(_ failure: HTTPTransportError, url: String, provider: String) -> APIKeyError {
        APIKeyError(.unreachable, "\(provider): \(failure.message) (tokenURL \(url))", underlying: failure)
    }

    static func secretUnavailable(_ failure: any Error, reading reference: KeyReference, provider: String) -> APIKeyError {
        APIKeyError(.keyUnavailable, "\(provider): cannot read the API key \(reference): \(failure)", underlying: failure)
    }
}
