import Foundation
@testable import SesameCoze
import Testing

@Suite("Coze JWT header and claims: the hand-written JSON is JSONEncoder's, byte for byte")
struct CozeJWTJSONTests {
    private static func encoderBytes(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static let claims: [CozeJWTClaims] = [
        CozeJWTClaims(iss: "1133483935040", aud: "api.coze.cn", iat: 1_795_582_500, exp: 1_795_583_400, jti: "a/b+c?"),
        CozeJWTClaims(
            iss: "1133483935040", aud: "api.coze.com", iat: 0, exp: -1, jti: String(repeating: "j", count: 43),
            sessionName: "user \"42\" \\ 漢字 é/",
            sessionContext: .init(deviceInfo: .init(deviceID: "device-7", customConsumer: "shop"))
        ),
        CozeJWTClaims(
            iss: "i", aud: "a", iat: Int64.max, exp: Int64.min, jti: "\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}",
            sessionContext: .init(deviceInfo: .init(deviceID: "only-device"))
        ),
        CozeJWTClaims(
            iss: "i", aud: "a", iat: 1, exp: 2, jti: "j",
            sessionContext: .init(deviceInfo: .init(customConsumer: "only-consumer"))
        ),
    ]

    @Test("claims, with and without session claims, odd characters and extreme times", arguments: claims)
    func claimsMatchJSONEncoder(claims: CozeJWTClaims) throws {
        #expect(claims.jsonBytes == (try Self.encoderBytes(claims)))
    }

    @Test("headers", arguments: ["_VzHkZ1kKQ2hvbmcgc2hvdWxkIGJlIHByaXZhdGU", "kid with \"quotes\" and /slashes/", ""])
    func headerMatchesJSONEncoder(kid: String) throws {
        let header = CozeJWTHeader(kid: kid)
        #expect(header.jsonBytes == (try Self.encoderBytes(header)))
    }
}
