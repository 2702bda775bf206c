import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

@Suite("GET /v1/workspaces: the bearer token is checked as Coze does")
struct WorkspacesTests {
    private func issueToken(_ emulator: RunningCozeEmulator, now: Date, duration: Int = 900) async throws -> String {
        var body = Fixture.body
        body["duration_seconds"] = duration
        let response = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT(now: now), body: body)
        return try #require(try response.json()["access_token"] as? String)
    }

    @Test("a token issued here and not expired lists the personal workspace")
    func validToken() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let token = try await issueToken(emulator, now: Date())
            let response = try await Fixture.get(emulator, path: "/v1/workspaces", bearer: token)
            #expect(response.status == 200)
            let json = try response.json()
            #expect(json["code"] as? Int == 0)
            let data = try #require(json["data"] as? [String: Any])
            #expect(data["total_count"] as? Int == 1)
            let workspaces = try #require(data["workspaces"] as? [[String: Any]])
            #expect(workspaces.first?["name"] as? String == "Personal")
            #expect(workspaces.first?["workspace_type"] as? String == "personal")
            #expect(workspaces.first?["role_type"] as? String == "owner")
            #expect(json["msg"] as? String == "")
            #expect(json["detail"] == nil)
            #expect(response.header("X-Tt-Logid") != nil)
        }
    }

    @Test("an unknown or missing token is code 4100", arguments: ["czs_unknown", nil])
    func unknownToken(token: String?) async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let response = try await Fixture.get(emulator, path: "/v1/workspaces", bearer: token)
            #expect(response.status == 401)
            let json = try response.json()
            #expect(json["code"] as? Int == 4100)
            #expect((json["msg"] as? String)?.hasPrefix("authentication is invalid") == true)
            #expect(json["data"] == nil)
            #expect((json["detail"] as? [String: Any])?["logid"] as? String == response.header("X-Tt-Logid"))
            #expect(response.header("X-Tt-Logid") != nil)
        }
    }

    @Test("a token past its expires_in is code 4100, and forgotten")
    func expiredToken() async throws {
        let clock = TestClock()
        try await withCozeEmulator(try Fixture.configuration(clock: clock)) { emulator in
            let token = try await issueToken(emulator, now: clock.now, duration: 60)
            do {
                let answer = try await Fixture.get(emulator, path: "/v1/workspaces", bearer: token)
                #expect(answer.status == 200)
            }
            clock.advance(by: 61)
            let response = try await Fixture.get(emulator, path: "/v1/workspaces", bearer: token)
            #expect(response.status == 401)
            #expect(try response.json()["code"] as? Int == 4100)
            #expect(emulator.emulator.rememberedTokenCount == 0)
        }
    }

    @Test("POST /__emulator/revoke makes issued tokens code 4100 before their expiry, and counts them")
    func revokedToken() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let token = try await issueToken(emulator, now: Date())
            #expect(try await Fixture.get(emulator, path: "/v1/workspaces", bearer: token).status == 200)
            let revoke = try await Fixture.post(emulator, path: "/__emulator/revoke", jwt: nil, rawBody: [], contentType: nil)
            #expect(revoke.status == 200)
            #expect(try revoke.json()["revoked"] as? Int == 1)
            let refused = try await Fixture.get(emulator, path: "/v1/workspaces", bearer: token)
            #expect(refused.status == 401)
            #expect(try refused.json()["code"] as? Int == 4100)
            let fresh = try await issueToken(emulator, now: Date())
            #expect(try await Fixture.get(emulator, path: "/v1/workspaces", bearer: fresh).status == 200)
            let stats = emulator.stats
            #expect(stats.tokensRevoked == 1)
            #expect(stats.apiCalls == 3)
            #expect(stats.apiRefusals == 1)
        }
    }

    @Test("apiRefusalStatus 200 answers a refused token with HTTP 200 and code 4100, as some Coze APIs do")
    func refusalWithStatus200() async throws {
        var configuration = try Fixture.configuration()
        configuration.apiRefusalStatus = 200
        try await withCozeEmulator(configuration) { emulator in
            let response = try await Fixture.get(emulator, path: "/v1/workspaces", bearer: "czs_unknown")
            #expect(response.status == 200)
            #expect(try response.json()["code"] as? Int == 4100)
        }
    }
}
