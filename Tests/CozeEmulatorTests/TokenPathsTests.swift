import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

@Suite("Token endpoint: successful exchanges on every path")
struct TokenPathsTests {
    @Test("the standard path issues a czs_ token whose expires_in is an absolute Unix time", arguments: [1, 900, 86399])
    func standardPath(duration: Int) async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let before = Int(Date().timeIntervalSince1970)
            var body = Fixture.body
            body["duration_seconds"] = duration
            let response = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT(), body: body)
            let after = Int(Date().timeIntervalSince1970)
            #expect(response.status == 200)
            let json = try response.json()
            let token = try #require(json["access_token"] as? String)
            #expect(token.hasPrefix("czs_"))
            #expect(token.count > 40)
            #expect(json["token_type"] as? String == "Bearer")
            let expiresIn = try #require(json["expires_in"] as? Int)
            #expect((before + duration)...(after + duration) ~= expiresIn)
            #expect(response.header("X-Tt-Logid")?.isEmpty == false)
            #expect(emulator.stats.tokensIssued == 1)
        }
    }

    @Test("without duration_seconds the token lives 900 seconds")
    func defaultDuration() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let before = Int(Date().timeIntervalSince1970)
            let response = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT(), body: ["grant_type": Fixture.grantType])
            let after = Int(Date().timeIntervalSince1970) + 1
            let expiresIn = try #require(try response.json()["expires_in"] as? Int)
            #expect((before + 900)...(after + 900) ~= expiresIn)
        }
    }

    @Test("the account path accepts a registered account")
    func accountPath() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let path = "/api/permission/oauth2/account/\(Fixture.account)/token"
            let response = try await Fixture.requestToken(emulator, path: path, jwt: try Fixture.normalJWT())
            #expect(response.status == 200)
            #expect(try response.json()["access_token"] as? String != nil)
        }
    }

    @Test("the enterprise path accepts a registered enterprise")
    func enterprisePath() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let path = "/api/permission/oauth2/enterprise_id/\(Fixture.enterprise)/token"
            let response = try await Fixture.requestToken(emulator, path: path, jwt: try Fixture.normalJWT())
            #expect(response.status == 200)
            #expect(emulator.stats.tokensIssued == 1)
        }
    }

    @Test("a com emulator requires aud api.coze.com")
    func comRegion() async throws {
        var configuration = try Fixture.configuration()
        configuration.region = .com
        #expect(configuration.effectiveAudience == "api.coze.com")
        try await withCozeEmulator(configuration) { emulator in
            let accepted = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT { $0.claims["aud"] = "api.coze.com" })
            #expect(accepted.status == 200)
            let refused = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
            #expect(refused.status == 401)
        }
    }

    @Test("coze-py's audience: the host and port of the base URL, resolved from a {port} placeholder")
    func cozePyAudience() async throws {
        var configuration = try Fixture.configuration()
        configuration.audience = "127.0.0.1:{port}"
        try await withCozeEmulator(configuration) { emulator in
            #expect(emulator.audience == "127.0.0.1:\(emulator.port)")
            let jwt = try Fixture.normalJWT { $0.claims["aud"] = "127.0.0.1:\(emulator.port)" }
            let response = try await Fixture.requestToken(emulator, jwt: jwt)
            #expect(response.status == 200)
            let regional = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
            #expect(regional.status == 401)
            let message = try regional.json()["error_message"] as? String ?? ""
            #expect(message.contains("expected \"127.0.0.1:\(emulator.port)\", got \"api.coze.cn\""), "\(message)")
        }
    }

    @Test("a fixed audience such as 127.0.0.1:8080 replaces the region's")
    func fixedAudience() async throws {
        var configuration = try Fixture.configuration()
        configuration.audience = "127.0.0.1:8080"
        #expect(configuration.effectiveAudience == "127.0.0.1:8080")
        try await withCozeEmulator(configuration) { emulator in
            let response = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT { $0.claims["aud"] = "127.0.0.1:8080" })
            #expect(response.status == 200)
        }
    }

    @Test("what the official SDKs send is accepted: account_id in the body, session claims, charset, scope null")
    func sdkExtras() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let jwt = try Fixture.normalJWT {
                $0.claims["session_name"] = "user-42"
                $0.claims["session_context"] = ["device_info": ["device_id": "device-7", "custom_consumer": "shop"]]
            }
            var body = Fixture.body
            body["account_id"] = 7_300_000_000
            body["scope"] = NSNull()
            let response = try await Fixture.requestToken(emulator, jwt: jwt, body: body, contentType: "application/json; charset=utf-8")
            #expect(response.status == 200, "\(response.text)")
        }
    }

    @Test("a channel app may send a full scope")
    func channelScope() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            var body = Fixture.body
            body["scope"] = Fixture.scope
            let response = try await Fixture.requestToken(emulator, jwt: try Fixture.channelJWT(), body: body)
            #expect(response.status == 200, "\(response.text)")
        }
    }

    @Test("keys of apps listed twice are pooled")
    func mergedApps() async throws {
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [
            EmulatedApp(appID: Fixture.normalAppID, keys: [EmulatedKey(keyID: "first", publicKey: try TestKeys.pair(1).publicKey)]),
            EmulatedApp(appID: Fixture.normalAppID, keys: [EmulatedKey(publicKey: try TestKeys.pair(0).publicKey)]),
        ]
        try await withCozeEmulator(configuration) { emulator in
            let response = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
            #expect(response.status == 200)
        }
    }
}
