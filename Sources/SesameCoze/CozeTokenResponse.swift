import Foundation
import SesameCore

/// Reads the answer of a Coze token endpoint: a token, or a typed ``CozeError`` with the remedy.
struct CozeTokenResponse {
    let provider: String
    let host: String

    private struct Success: Decodable {
        let access_token: String
        let expires_in: Int64
    }

    private struct Failure: Decodable {
        let error_code: String?
        let error: String?
        let error_message: String?
        let code: Int?
        let msg: String?
    }

    /// The token in `response`, or the error it describes.
    func token(from response: HTTPTransportResponse, receivedAt now: Date) throws -> AccessToken {
        let logID = response.header("X-Tt-Logid")
        if response.status == 200, let success = try? JSONDecoder().decode(Success.self, from: Data(response.body)), !success.access_token.isEmpty {
            // Coze sends an absolute Unix time. A gateway that answers RFC 6749's relative seconds
            // would otherwise produce tokens that expired in 1970.
            let expiry = success.expires_in > 1_000_000_000
                ? Date(timeIntervalSince1970: TimeInterval(success.expires_in))
                : now.addingTimeInterval(TimeInterval(success.expires_in))
            return AccessToken(value: success.access_token, type: "Bearer", expiresAt: expiry, issuedAt: now)
        }
        let failure = try? JSONDecoder().decode(Failure.self, from: Data(response.body))
        let serverCode = failure?.error_code ?? failure?.error ?? failure?.code.map(String.init)
        let serverMessage = (failure?.error_message ?? failure?.msg).map(Self.sanitize)
        var error = classify(status: response.status, serverCode: serverCode, serverMessage: serverMessage, logID: logID)
        error.httpStatus = response.status
        error.serverCode = serverCode
        error.serverMessage = serverMessage
        error.logID = logID
        if response.status == 429 {
            error.retryAfter = RetryAdvice.parseRetryAfter(response.header("Retry-After"))
        }
        throw error
    }

    private func classify(status: Int, serverCode: String?, serverMessage: String?, logID: String?) -> CozeError {
        var said = "HTTP \(status)"
        if let serverCode { said += ", \(serverCode)" }
        if let serverMessage { said += ": \"\(serverMessage)\"" }
        if let logID { said += ", logid \(logID)" }
        let prefix = "\(provider): \(host) refused the token request (\(said))"
        switch (serverCode, status) {
        case ("invalid_client", _):
            return CozeError(.invalidClient, provider: provider, message: "\(prefix); the JWT was rejected: check appId (the OAuth app's ID), keyId (the public key fingerprint on the app's page), that the private key matches the uploaded public key, and the region (an app exists only on coze.cn or only on coze.com); run: sesame doctor \(provider)")
        case ("invalid_request", _):
            return CozeError(.invalidRequest, provider: provider, message: "\(prefix); fix the parameter the message names (tokenLifetime must be 1-86399; scope only for channel apps)")
        case ("unsupported_grant_type", _):
            return CozeError(.unsupportedGrantType, provider: provider, message: "\(prefix); grant_type must be urn:ietf:params:oauth:grant-type:jwt-bearer (a proxy may be rewriting the body)")
        case ("access_deny", _), ("access_denied", _):
            return CozeError(.accessDenied, provider: provider, message: "\(prefix); enable the app in the Coze console, and use a service app (\"normal\" or \"channel\" type), not a web, PKCE or device app")
        case (_, 429):
            return CozeError(.rateLimited, provider: provider, message: "\(prefix); Coze is rate-limiting token requests: reuse tokens (TokenCache does) and retry later")
        case ("internal_error", _), (_, 500...599):
            return CozeError(.serverError, provider: provider, message: "\(prefix); the server failed: retry later, and quote the logid to Coze support if it persists")
        case (nil, 401), (nil, 403):
            return CozeError(.invalidClient, provider: provider, message: "\(prefix) without a Coze error body; check the credentials and the region, and that baseURL points at Coze: run: sesame doctor \(provider)")
        case (nil, _):
            return CozeError(.unexpectedResponse, provider: provider, message: "\(prefix) with an answer that is not a Coze token response; check baseURL (a proxy or a wrong host answers this way)")
        case (let code?, _):
            return CozeError(.invalidRequest, provider: provider, message: "\(prefix); Coze error \(code) is not one this version knows: check the message and the Coze error code documentation")
        }
    }

    /// Server text for a message: printable, one line, at most 200 characters.
    static func sanitize(_ text: String) -> String {
        let printable = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        return printable.count > 200 ? String(printable.prefix(200)) + "…" : printable
    }
}
