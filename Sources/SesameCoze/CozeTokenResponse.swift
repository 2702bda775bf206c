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

    /// The longest lifetime accepted in an answer: Coze grants at most 86,399 s, plus a minute of
    /// clock difference between the server and this machine.
    static let maxLifetime: TimeInterval = 86_400 + 60

    /// The token in `response`, or the error it describes.
    func token(from response: HTTPTransportResponse, receivedAt now: Date) throws -> AccessToken {
        let logID = Self.logID(response.header("X-Tt-Logid"))
        if response.status == 200, let success = try? JSONDecoder().decode(Success.self, from: Data(response.body)), !success.access_token.isEmpty {
            return try token(success, logID: logID, receivedAt: now)
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

    private func token(_ success: Success, logID: String?, receivedAt now: Date) throws -> AccessToken {
        let origin = "\(provider): \(host) answered HTTP 200\(logID.map { ", logid \($0)" } ?? "")"
        // A token goes into HTTP headers, environment variables and terminals: it must be one word of
        // visible ASCII, or printing it could inject escape codes and newlines.
        guard success.access_token.utf8.count <= 8192, success.access_token.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw CozeError(.unexpectedResponse, provider: provider, message: "\(origin) with an access_token holding spaces, control characters or non-ASCII text, which no Coze token has; check baseURL (a proxy may be rewriting the answer)")
        }
        // Coze sends an absolute Unix time. A gateway that answers RFC 6749's relative seconds
        // would otherwise produce tokens that expired in 1970.
        let expiry = success.expires_in > 1_000_000_000
            ? Date(timeIntervalSince1970: TimeInterval(success.expires_in))
            : now.addingTimeInterval(TimeInterval(success.expires_in))
        let lifetime = expiry.timeIntervalSince(now)
        guard lifetime > 0, lifetime <= Self.maxLifetime else {
            let when = lifetime > 0 ? "\(Int(lifetime)) s from now, longer than Coze grants" : "already past"
            throw CozeError(.unexpectedResponse, provider: provider, message: "\(origin) with expires_in \(success.expires_in) (\(when)); Coze answers an absolute Unix time at most 86399 s ahead: check baseURL and this machine's clock")
        }
        return AccessToken(value: success.access_token, type: "Bearer", expiresAt: expiry, issuedAt: now)
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

    /// Server text for a message: printable, one line, at most 200 characters, and without anything
    /// that looks like a signed JWT or a bearer credential (a proxy that echoes the request's
    /// `Authorization` header would otherwise put the assertion into an error).
    static func sanitize(_ text: String) -> String {
        let printable = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        let scrubbed = printable
            .replacing(/(?i)bearer\s+[^\s"',;]+/, with: "Bearer <redacted>")
            .replacing(/[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*/, with: "<redacted JWT>")
        return scrubbed.count > 200 ? String(scrubbed.prefix(200)) + "…" : scrubbed
    }

    /// Coze's log ID as sent (letters, digits, `-`, `_`, `.`, at most 64), or `nil` for anything
    /// else, which is not a log ID and may be an echo of the request.
    static func logID(_ header: String?) -> String? {
        guard let header, (1...64).contains(header.utf8.count),
              header.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") })
        else { return nil }
        return header
    }
}

private extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
    }
}
