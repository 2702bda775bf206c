import Foundation

/// How an API says that the access token on a call is no longer accepted, so that the token is
/// replaced and the call sent once more.
///
/// The default, ``bearer``, is RFC 6750's: HTTP 401. Some APIs also answer HTTP 200 with an error
/// code in a JSON body (Coze: `{"code": 4100}`); ``bodyCodeField`` and ``bodyCodes`` describe that.
/// Providers that know their API's rule publish it through ``TokenRejectionDescribing``.
public struct TokenRejectionRule: Sendable, Hashable {
    /// HTTP statuses that mean the token was refused.
    public var statuses: Set<Int>
    /// The top-level JSON field holding an integer error code, e.g. `code`; `nil`: bodies are not read.
    public var bodyCodeField: String?
    /// Values of ``bodyCodeField`` that mean the token was refused, whatever the HTTP status.
    public var bodyCodes: Set<Int>
    /// The response header carrying the server's request ID, named in logs and spans (e.g. `X-Tt-Logid`).
    public var requestIDHeader: String?
    /// The largest JSON body read to look for ``bodyCodeField``; larger bodies are passed on unread.
    public var maxInspectedBodyBytes: Int

    /// RFC 6750: a 401 means the token was refused.
    public static let bearer = TokenRejectionRule()

    /// Creates a rule.
    public init(
        statuses: Set<Int> = [401],
        bodyCodeField: String? = nil,
        bodyCodes: Set<Int> = [],
        requestIDHeader: String? = nil,
        maxInspectedBodyBytes: Int = 64 * 1024
    ) {
        self.statuses = statuses
        self.bodyCodeField = bodyCodeField
        self.bodyCodes = bodyCodes
        self.requestIDHeader = requestIDHeader
        self.maxInspectedBodyBytes = maxInspectedBodyBytes
    }

    /// Whether the body of a response must be read to decide: only when the rule has body codes, the
    /// status alone does not decide, and the body is JSON of known length up to
    /// ``maxInspectedBodyBytes``. Streamed bodies (unknown length, e.g. server-sent events) are never
    /// held back.
    public func needsBody(status: Int, contentType: String?, contentLength: Int?) -> Bool {
        guard bodyCodeField != nil, !bodyCodes.isEmpty, !statuses.contains(status) else { return false }
        guard let contentType, Self.isJSON(contentType), let contentLength else { return false }
        return contentLength <= maxInspectedBodyBytes
    }

    /// Whether a response refuses the token: its status is one of ``statuses``, or its JSON `body`
    /// holds one of ``bodyCodes`` in ``bodyCodeField``.
    public func refuses(status: Int, body: [UInt8]?) -> Bool {
        if statuses.contains(status) { return true }
        guard let field = bodyCodeField, let body, !body.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let code = object[field] as? Int
        else { return false }
        return bodyCodes.contains(code)
    }

    private static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mediaType == "application/json" || mediaType.hasSuffix("+json")
    }
}

/// A provider whose API signals refused tokens in its own way (see ``TokenRejectionRule``).
///
/// ``TokenAuthorizer`` asks the provider behind a name for its rule; providers that do not adopt
/// this protocol get ``TokenRejectionRule/bearer``.
public protocol TokenRejectionDescribing: AuthProvider {
    /// How the API this provider's tokens are for refuses a token.
    var tokenRejectionRule: TokenRejectionRule { get }
}
