import CozeEmulator
import Foundation
import Testing

@Suite("Every answer: X-Tt-Logid, JSON errors and counters")
struct EnvelopeTests {
    @Test("every answer carries a fresh Coze-style X-Tt-Logid: success, errors, 404, stats, faults, workspaces")
    func logIDEverywhere() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let responses = [
                try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT()),
                try await Fixture.requestToken(emulator, jwt: nil),
                try await Fixture.get(emulator, path: "/nowhere"),
                try await Fixture.get(emulator, path: Fixture.tokenPath),
                try await Fixture.get(emulator, path: "/__emulator/stats"),
                try await Fixture.get(emulator, path: "/__emulator/faults"),
                try await Fixture.get(emulator, path: "/v1/workspaces"),
            ]
            let ids = responses.compactMap { $0.header("X-Tt-Logid") }
            #expect(ids.count == responses.count)
            #expect(Set(ids).count == ids.count)
            for id in ids {
                #expect(id.count == 34, "\(id)")
                #expect(id.prefix(14).allSatisfy { $0.isNumber })
                #expect(id.dropFirst(14).allSatisfy { $0.isHexDigit })
            }
        }
    }

    @Test("an unknown route is a JSON 404 that names the routes served")
    func notFound() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let response = try await Fixture.get(emulator, path: "/api/permission/oauth2/authorize")
            #expect(response.status == 404)
            let json = try response.json()
            #expect(json["error_code"] as? String == "not_found")
            #expect((json["error_message"] as? String)?.contains("/api/permission/oauth2/token") == true)
        }
    }

    @Test("error bodies carry error_code, error_message, error and detail.logid equal to the header")
    func errorShape() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let response = try await Fixture.requestToken(emulator, jwt: "a.b.c")
            let json = try response.json()
            #expect(json["error_code"] as? String == json["error"] as? String)
            #expect(json["error_message"] is String)
            #expect((json["detail"] as? [String: Any])?["logid"] as? String == response.header("X-Tt-Logid"))
        }
    }

    @Test("GET /__emulator/stats counts requests, token requests, tokens and rejections by error_code")
    func stats() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            _ = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
            _ = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
            _ = try await Fixture.requestToken(emulator, jwt: nil)
            _ = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT(), body: ["grant_type": "x"])
            _ = try await Fixture.requestToken(emulator, path: "/api/permission/oauth2/account/1/token", jwt: try Fixture.normalJWT())
            _ = try await Fixture.get(emulator, path: "/v1/workspaces")
            let response = try await Fixture.get(emulator, path: "/__emulator/stats")
            #expect(response.status == 200)
            let served = try JSONDecoder().decode(EmulatorStats.self, from: Data(response.body))
            let expected = EmulatorStats(
                requests: 7,
                tokenRequests: 5,
                tokensIssued: 2,
                rejections: ["invalid_client": 1, "unsupported_grant_type": 1, "access_deny": 1],
                apiCalls: 1,
                apiRefusals: 1
            )
            #expect(served == expected)
            #expect(emulator.stats.requests == 7)
            let json = try response.json()
            for key in ["requests", "tokenRequests", "tokensIssued", "rejections"] { #expect(json[key] != nil) }
        }
    }
}
