import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

/// One way to break the JWT, and what the emulator must answer.
struct JWTCase: Sendable, CustomTestStringConvertible {
    let name: String
    let status: Int
    let code: String
    let fragment: String
    let make: @Sendable () throws -> String

    var testDescription: String { name }

    static func signed(_ name: String, _ fragment: String, status: Int = 401, code: String = "invalid_client", key: Int = 0, _ change: @escaping @Sendable (inout TestJWT) throws -> Void) -> JWTCase {
        JWTCase(name: name, status: status, code: code, fragment: fragment) {
            let pair = try TestKeys.pair(0)
            var jwt = TestJWT(kid: pair.thumbprint, iss: Fixture.normalAppID)
            try change(&jwt)
            return try jwt.signed(with: TestKeys.pair(key))
        }
    }

    static let all: [JWTCase] = [
        JWTCase(name: "not a JWT", status: 401, code: "invalid_client", fragment: "compact JWS") { "not-a-jwt" },
        JWTCase(name: "alg none, unsigned", status: 401, code: "invalid_client", fragment: "alg \"none\"") {
            var jwt = TestJWT(kid: try TestKeys.pair(0).thumbprint, iss: Fixture.normalAppID)
            jwt.header["alg"] = "none"
            return jwt.unsigned
        },
        signed("alg HS256", "alg \"HS256\"") { $0.header["alg"] = "HS256" },
        signed("alg missing", "no alg") { $0.header["alg"] = nil },
        JWTCase(name: "alg repeated: RS256 then none", status: 401, code: "invalid_client", fragment: #"the header is not strict JSON: duplicate key "alg""#) {
            let pair = try TestKeys.pair(0)
            let header = #"{"alg":"RS256","typ":"JWT","kid":"\#(pair.thumbprint)","alg":"none"}"#
            let payload = try TestJWT(kid: pair.thumbprint, iss: Fixture.normalAppID).signingInput.split(separator: ".")[1]
            let input = TestJWT.base64URL(Array(header.utf8)) + "." + payload
            return input + "." + TestJWT.base64URL(try pair.signRS256(Array(input.utf8)))
        },
        signed("typ JWS", "typ \"JWS\"") { $0.header["typ"] = "JWS" },
        signed("typ missing", "no typ") { $0.header["typ"] = nil },
        signed("kid missing", "no kid") { $0.header["kid"] = nil },
        signed("unknown kid", "kid not been registered") { $0.header["kid"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
        signed("kid of another app", "belongs to app \(Fixture.channelAppID)") { $0.header["kid"] = Fixture.channelKeyID },
        signed("iss not registered", "iss \"9999\" is not a registered") { $0.claims["iss"] = "9999" },
        signed("iss a number", "iss is missing or not a string") { $0.claims["iss"] = 1_127_900_106_117 },
        signed("signed by another key", "signature verification failed", key: 1) { _ in },
        JWTCase(name: "payload changed after signing", status: 401, code: "invalid_client", fragment: "signature verification failed") {
            let pair = try TestKeys.pair(0)
            let jwt = try TestJWT(kid: pair.thumbprint, iss: Fixture.normalAppID).signed(with: pair)
            var forged = TestJWT(kid: pair.thumbprint, iss: Fixture.normalAppID, lifetime: 3600)
            forged.claims["jti"] = "forged"
            return forged.signingInput + "." + jwt.split(separator: ".")[2]
        },
        signed("aud of the other region", "expected \"api.coze.cn\", got \"api.coze.com\"") { $0.claims["aud"] = "api.coze.com" },
        signed("aud missing", "aud is missing") { $0.claims["aud"] = nil },
        signed("expired", "expired") { jwt in
            let now = Int(Date().timeIntervalSince1970)
            jwt.claims["iat"] = now - 900
            jwt.claims["exp"] = now - 120
        },
        signed("iat in the future", "in the future") { jwt in
            let now = Int(Date().timeIntervalSince1970)
            jwt.claims["iat"] = now + 300
            jwt.claims["exp"] = now + 900
        },
        signed("exp before iat", "must be later than iat") { jwt in
            jwt.claims["exp"] = (jwt.claims["iat"] as? Int ?? 0) - 1
        },
        signed("exp the largest 64-bit integer", "exp - iat is more than 86400 seconds") { $0.claims["exp"] = Int64.max },
        signed("iat and exp near the smallest 64-bit integer", "expired more than a century ago") { jwt in
            jwt.claims["iat"] = Int64.min
            jwt.claims["exp"] = Int64.min + 600
        },
        signed("iat and exp near the largest 64-bit integer", "in the future") { jwt in
            jwt.claims["iat"] = Int64.max - 600
            jwt.claims["exp"] = Int64.max
        },
        signed("valid for a century", "exp - iat is more than 86400 seconds") { jwt in
            jwt.claims["exp"] = (jwt.claims["iat"] as? Int ?? 0) + 100 * 365 * 86_400
        },
        signed("jti of 4 KB", "jti has 4096 characters") { $0.claims["jti"] = String(repeating: "j", count: 4096) },
        signed("iat a string", "iat is missing or not an integer") { $0.claims["iat"] = "1721135859" },
        signed("exp a fraction", "exp is missing or not an integer") { $0.claims["exp"] = 1.5e9 + 0.5 },
        signed("jti missing", "jti is missing") { $0.claims["jti"] = nil },
        signed("jti a number", "jti is missing") { $0.claims["jti"] = 42 },
        signed("scope claim in the JWT", "send it in the request body", status: 400, code: "invalid_request") { $0.claims["scope"] = Fixture.scope },
        signed("session_context not an object", "session_context", status: 400, code: "invalid_request") { $0.claims["session_context"] = "device-7" },
        signed("device_id not a string", "device_id", status: 400, code: "invalid_request") { $0.claims["session_context"] = ["device_info": ["device_id": 7]] },
        signed("session_name not a string", "session_name", status: 400, code: "invalid_request") { $0.claims["session_name"] = 42 },
    ]
}

@Suite("Token endpoint: JWT checks")
struct JWTRejectionTests {
    @Test("a bad JWT is refused with the documented code and a message naming the problem", arguments: JWTCase.all)
    func rejects(_ bad: JWTCase) async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let response = try await Fixture.requestToken(emulator, jwt: try bad.make())
            #expect(response.status == bad.status, "\(response.text)")
            let json = try response.json()
            #expect(json["error_code"] as? String == bad.code)
            #expect(json["error"] as? String == bad.code)
            let message = try #require(json["error_message"] as? String)
            #expect(message.contains(bad.fragment), "\(message)")
            #expect(response.header("X-Tt-Logid")?.isEmpty == false)
            #expect(emulator.stats.rejections == [bad.code: 1])
            #expect(emulator.stats.tokensIssued == 0)
        }
    }

    @Test("no Authorization header, or not a Bearer one, is invalid_client", arguments: [nil, "Basic dXNlcjpwYXNz", "Bearer "])
    func missingBearer(authorization: String?) async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            var headers = [("Content-Type", "application/json")]
            if let authorization { headers.append(("Authorization", authorization)) }
            let response = try await RawHTTPClient.send(port: emulator.port, method: "POST", path: Fixture.tokenPath, headers: headers, body: TestJWT.json(Fixture.body))
            #expect(response.status == 401)
            let json = try response.json()
            #expect(json["error_code"] as? String == "invalid_client")
            #expect((json["error_message"] as? String)?.contains("Authorization") == true)
        }
    }

    @Test("a JWT is good for one token request: the replay is refused")
    func replay() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let jwt = try Fixture.normalJWT()
            let first = try await Fixture.requestToken(emulator, jwt: jwt)
            #expect(first.status == 200)
            let second = try await Fixture.requestToken(emulator, jwt: jwt)
            #expect(second.status == 401)
            let json = try second.json()
            #expect(json["error_code"] as? String == "invalid_client")
            #expect((json["error_message"] as? String)?.contains("jti already used") == true)
            let fresh = try await Fixture.requestToken(emulator, jwt: try Fixture.normalJWT())
            #expect(fresh.status == 200)
        }
    }

    @Test("clock skew within the leeway is accepted on iat and exp")
    func leeway() async throws {
        // The emulator's clock stands still, so a slow machine cannot push "30 s late" past the leeway.
        let clock = TestClock()
        try await withCozeEmulator(try Fixture.configuration(clock: clock)) { emulator in
            let now = Int(clock.now.timeIntervalSince1970)
            let early = try Fixture.normalJWT { $0.claims["iat"] = now + 30; $0.claims["exp"] = now + 630 }
            do {
                let answer = try await Fixture.requestToken(emulator, jwt: early)
                #expect(answer.status == 200)
            }
            let late = try Fixture.normalJWT { $0.claims["iat"] = now - 630; $0.claims["exp"] = now - 30 }
            do {
                let answer = try await Fixture.requestToken(emulator, jwt: late)
                #expect(answer.status == 200)
            }
        }
    }
}
