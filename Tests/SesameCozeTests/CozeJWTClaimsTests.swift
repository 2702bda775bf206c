import Foundation
import Sesame
import Testing

@Suite("Coze JWT claims: Swift names, Coze's wire names")
struct CozeJWTClaimsTests {
    private static func json(_ claims: CozeJWTClaims) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(claims))
        return try #require(object as? [String: Any])
    }

    @Test("session claims are encoded as session_name, session_context.device_info.device_id and custom_consumer")
    func wireNames() throws {
        let claims = CozeJWTClaims(
            iss: "1133483935040", aud: "api.coze.cn", iat: 1_700_000_000, exp: 1_700_000_600, jti: "j",
            sessionName: "user-42",
            sessionContext: .init(deviceInfo: .init(deviceID: "device-7", customConsumer: "shop"))
        )
        let object = try Self.json(claims)
        #expect(Set(object.keys) == ["iss", "aud", "iat", "exp", "jti", "session_name", "session_context"])
        #expect(object["session_name"] as? String == "user-42")
        let context = try #require(object["session_context"] as? [String: Any])
        #expect(Set(context.keys) == ["device_info"])
        let device = try #require(context["device_info"] as? [String: Any])
        #expect(device as? [String: String] == ["device_id": "device-7", "custom_consumer": "shop"])
        #expect(try JSONDecoder().decode(CozeJWTClaims.self, from: JSONEncoder().encode(claims)) == claims)
    }

    @Test("absent session claims are left out, not sent as null")
    func absentClaimsOmitted() throws {
        let claims = CozeJWTClaims(iss: "1", aud: "api.coze.com", iat: 1, exp: 2, jti: "j")
        #expect(Set(try Self.json(claims).keys) == ["iss", "aud", "iat", "exp", "jti"])
        let deviceOnly = CozeJWTClaims.DeviceInfo(deviceID: "d")
        let encoded = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(deviceOnly)) as? [String: String])
        #expect(encoded == ["device_id": "d"])
    }
}
