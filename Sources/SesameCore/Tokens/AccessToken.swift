import Foundation

/// An access token and when it expires.
///
/// Its `description`, `debugDescription` and reflection never show ``value``.
public struct AccessToken: Sendable, Hashable {
    /// The token to send as `Authorization: Bearer VALUE`. A secret: never log it.
    public let value: String
    /// The token type; `Bearer` for every provider in this package.
    public let type: String
    /// The instant after which the server rejects the token.
    public let expiresAt: Date
    /// When the token was received (by the local clock); used to plan refreshes.
    public let issuedAt: Date

    /// Creates a token.
    public init(value: String, type: String = "Bearer", expiresAt: Date, issuedAt: Date = Date()) {
        self.value = value
        self.type = type
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
    }

    /// The lifetime the server granted, from receipt to expiry.
    public var lifetime: TimeInterval { expiresAt.timeIntervalSince(issuedAt) }

    /// The value of an HTTP `Authorization` header carrying this token.
    public var authorizationHeader: String { "\(type) \(value)" }
}

extension AccessToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `AccessToken(Bearer, expires 2026-11-25T05:10:00Z, value <redacted>)`.
    public var description: String {
        "AccessToken(\(type), expires \(expiresAt.formatted(.iso8601)), value <redacted>)"
    }
    /// The same as ``description``.
    public var debugDescription: String { description }
    /// A mirror that omits ``value``.
    public var customMirror: Mirror {
        Mirror(self, children: ["type": type, "expiresAt": expiresAt, "issuedAt": issuedAt], displayStyle: .struct)
    }
}
