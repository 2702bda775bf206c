import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("Coze JWT provider: what goes on the wire")
struct CozeRequestShapeTests {
    @Test("the JWT carries kid, typ, RS256, iss, aud, iat < exp and a 43-character jti; the body is JSON")
    func jwtAndBody() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, transport: transport)
            _ = try await provider.fetchToken(TokenRequest(lifetime: 600))
            let exchange = try #require(transport.exchanges.first)
            #expect(exchange.request.method == "POST")
            #expect(exchange.request.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
            let parts = try JWS.parse(try #require(transport.jwts.first))
            #expect(parts.isSigned(by: app.key.publicKey))
            let header = try JSONDecoder().decode(CozeJWTHeader.self, from: Data(parts.header))
            #expect(header == CozeJWTHeader(alg: "RS256", typ: "JWT", kid: app.keyID))
            let claims = try #require(try transport.claims().first)
            #expect(claims.iss == app.appID)
            #expect(claims.aud == "api.coze.cn")
            #expect(claims.exp > claims.iat)
            #expect(claims.jti.count == 43)
            let body = try #require(try transport.bodies().first)
            #expect(body["grant_type"] as? String == "urn:ietf:params:oauth:grant-type:jwt-bearer")
            #expect(body["duration_seconds"] as? Int == 600)
            #expect(body["scope"] == nil)
        }
    }

    @Test("session_name and session_context reach the JWT")
    func sessionClaims() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, transport: transport)
            _ = try await provider.fetchToken(TokenRequest(sessionName: "user-42", options: ["deviceId": "device-7", "customConsumer": "shop"]))
            let claims = try #require(try transport.claims().first)
            #expect(claims.sessionName == "user-42")
            #expect(claims.sessionContext?.deviceInfo.deviceID == "device-7")
            #expect(claims.sessionContext?.deviceInfo.customConsumer == "shop")
        }
    }

    @Test("a channel app's scope goes in the body with every level Coze requires, never in the JWT")
    func channelScope() async throws {
        let app = try await TestApp.make(appID: "1187365024913")
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated(kind: .channel)]
        try await withCozeEmulator(configuration) { emulator in
            let transport = RecordingTransport()
            let scope = CozeScope(permissions: ["Connector.botChat"], botIDs: ["7428933120963"])
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, scope: scope, transport: transport)
            _ = try await provider.fetchToken(TokenRequest())
            let body = try #require(try transport.bodies().first)
            let sent = try #require(body["scope"] as? [String: Any])
            let permissions = (sent["account_permission"] as? [String: Any])?["permission_list"] as? [String]
            let bots = ((sent["attribute_constraint"] as? [String: Any])?["connector_bot_chat_attribute"] as? [String: Any])?["bot_id_list"] as? [String]
            #expect(permissions == ["Connector.botChat"])
            #expect(bots == ["7428933120963"])
            let payload = try JSONSerialization.jsonObject(with: Data(JWS.parse(transport.jwts[0]).payload)) as? [String: Any]
            #expect(payload?["scope"] == nil)
        }
    }

    @Test("a scope sent for a normal app is Coze's invalid_request, reported with the fix")
    func scopeForNormalApp() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated(kind: .normal)]
        try await withCozeEmulator(configuration) { emulator in
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, scope: CozeScope(permissions: ["Connector.botChat"], botIDs: ["1"]))
            let error = try await #require(throws: CozeError.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .invalidRequest || error.code == .accessDenied)
            #expect(error.message.contains("scope"))
        }
    }

    @Test("a lifetime outside 1-86399 or an unknown option is refused before any request")
    func invalidTokenRequests() async throws {
        let app = try await TestApp.make()
        let transport = RecordingTransport()
        let provider = try ProviderFixture.provider(for: app, baseURL: "http://127.0.0.1:9", transport: transport)
        let tooLong = try await #require(throws: CozeError.self) { try await provider.fetchToken(TokenRequest(lifetime: 86400)) }
        #expect(tooLong.code == .invalidTokenRequest)
        #expect(tooLong.message.contains("1-86399"))
        let unknown = try await #require(throws: CozeError.self) { try await provider.fetchToken(TokenRequest(options: ["deviceID": "x"])) }
        #expect(unknown.message.contains("did you mean \"deviceId\""))
        #expect(transport.exchanges.isEmpty)
    }
}
