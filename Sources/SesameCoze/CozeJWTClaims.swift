import Foundation

/// The JOSE header of a Coze JWT assertion.
public struct CozeJWTHeader: Codable, Sendable, Equatable {
    /// Always `RS256`.
    public var alg: String = "RS256"
    /// Always `JWT` (Coze marks it required).
    public var typ: String = "JWT"
    /// The public key's ID.
    public var kid: String

    /// Creates a header; `alg` and `typ` default to the only values Coze accepts.
    public init(alg: String = "RS256", typ: String = "JWT", kid: String) {
        self.alg = alg
        self.typ = typ
        self.kid = kid
    }
}

/// The claims of a Coze JWT assertion; encoded with the names Coze documents (`session_name`, ...).
public struct CozeJWTClaims: Codable, Sendable, Equatable {
    /// The OAuth app ID.
    public var iss: String
    /// `api.coze.cn` or `api.coze.com` (or the configured audience).
    public var aud: String
    /// Issued at, Unix seconds.
    public var iat: Int64
    /// Expires at, Unix seconds.
    public var exp: Int64
    /// A random, single-use ID (32 random bytes, base64url).
    public var jti: String
    /// The end user's session (`session_name`).
    public var sessionName: String?
    /// Per-device usage control (`session_context`).
    public var sessionContext: SessionContext?

    /// Creates claims.
    public init(iss: String, aud: String, iat: Int64, exp: Int64, jti: String, sessionName: String? = nil, sessionContext: SessionContext? = nil) {
        self.iss = iss
        self.aud = aud
        self.iat = iat
        self.exp = exp
        self.jti = jti
        self.sessionName = sessionName
        self.sessionContext = sessionContext
    }

    private enum CodingKeys: String, CodingKey {
        case iss, aud, iat, exp, jti
        case sessionName = "session_name"
        case sessionContext = "session_context"
    }

    /// `{"device_info": {...}}`.
    public struct SessionContext: Codable, Sendable, Equatable {
        /// The device (`device_info`).
        public var deviceInfo: DeviceInfo

        /// Creates a session context.
        public init(deviceInfo: DeviceInfo) {
            self.deviceInfo = deviceInfo
        }

        private enum CodingKeys: String, CodingKey {
            case deviceInfo = "device_info"
        }
    }

    /// `{"device_id": ..., "custom_consumer": ...}`.
    public struct DeviceInfo: Codable, Sendable, Equatable {
        /// The device ID (`device_id`).
        public var deviceID: String?
        /// The custom consumer (`custom_consumer`).
        public var customConsumer: String?

        /// Creates device information.
        public init(deviceID: String? = nil, customConsumer: String? = nil) {
            self.deviceID = deviceID
            self.customConsumer = customConsumer
        }

        private enum CodingKeys: String, CodingKey {
            case deviceID = "device_id"
            case customConsumer = "custom_consumer"
        }
    }
}

/// A signed JWT assertion with its decoded parts. `description` elides the signature.
public struct CozeAssertion: Sendable, CustomStringConvertible {
    /// The compact JWT to send as `Authorization: Bearer ...`. Single use; a secret until used.
    public let jwt: String
    /// The header.
    public let header: CozeJWTHeader
    /// The claims.
    public let claims: CozeJWTClaims

    /// `header.payload.<signature elided>`.
    public var description: String {
        let parts = jwt.split(separator: ".")
        return parts.count == 3 ? "\(parts[0]).\(parts[1]).<signature elided>" : "<malformed>"
    }

    /// The header and claims as pretty-printed JSON (no signature).
    public func decodedJSON() -> (header: String, claims: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let header = (try? encoder.encode(header)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let claims = (try? encoder.encode(claims)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return (header, claims)
    }
}
