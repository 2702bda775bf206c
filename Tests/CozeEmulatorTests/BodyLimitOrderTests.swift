import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

/// A body past the 1 MiB limit is refused before the JWT is looked at: a refused request must not
/// use up the JWT's `jti`, nor cost a signature verification.
@Suite("The token route checks the body's size before the JWT", .timeLimit(.minutes(2)))
struct BodyLimitOrderTests {
    /// Sends a token request with `jwt` and a 1 MiB + 4 KiB body on a fresh connection.
    static func sendOversized(_ emulator: RunningCozeEmulator, jwt: String) async throws -> RawHTTPConnection.Response {
        let connection = try RawHTTPConnection(port: emulator.port)
        return try await offPool {
            connection.send("POST \(Fixture.tokenPath) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(jwt)\r\nContent-Type: application/json\r\nContent-Length: 4194304\r\n\r\n")
            connection.send([UInt8](repeating: 0x20, count: (1 << 20) + 4096))
            return try connection.readResponse()
        }
    }

    @Test("an oversized body with a valid JWT gets 413, and the same JWT then gets a token: its jti was not used up")
    func validJWTNotConsumed() async throws {
        try await withCozeEmulator(try ConnectionEdgeTests.configuration(idle: .seconds(60), request: .seconds(60))) { emulator in
            let jwt = try Fixture.normalJWT()
            let refused = try await Self.sendOversized(emulator, jwt: jwt)
            try ConnectionEdgeTests.expectJSONRefusal(refused, status: 413, code: "invalid_request")
            let answer = try await Fixture.requestToken(emulator, jwt: jwt)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(try answer.json()["access_token"] as? String != nil)
            #expect(emulator.stats.rejections == ["invalid_request": 1])
            #expect(emulator.stats.tokensIssued == 1)
        }
    }

    @Test("an oversized body with a JWT for another audience gets 413, not the JWT's 401")
    func badJWTNotVerified() async throws {
        try await withCozeEmulator(try ConnectionEdgeTests.configuration(idle: .seconds(60), request: .seconds(60))) { emulator in
            // Verification would answer invalid_client: the audience is not this emulator's.
            let jwt = try Fixture.normalJWT { $0.claims["aud"] = "api.example.com" }
            let refused = try await Self.sendOversized(emulator, jwt: jwt)
            try ConnectionEdgeTests.expectJSONRefusal(refused, status: 413, code: "invalid_request")
            #expect(emulator.stats.rejections == ["invalid_request": 1])
        }
    }
}
