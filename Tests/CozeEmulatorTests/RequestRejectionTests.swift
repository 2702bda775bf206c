import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

/// One way to break the request around a good JWT, and what the emulator must answer.
struct RequestCase: Sendable, CustomTestStringConvertible {
    let name: String
    let status: Int
    let code: String
    let fragment: String
    var path = Fixture.tokenPath
    var contentType: String? = "application/json"
    var channel = false
    let body: @Sendable () -> [UInt8]

    var testDescription: String { name }

    static func json(_ name: String, _ fragment: String, status: Int = 400, code: String = "invalid_request", channel: Bool = false, _ change: @escaping @Sendable (inout [String: Any]) -> Void) -> RequestCase {
        RequestCase(name: name, status: status, code: code, fragment: fragment, channel: channel) {
            var body = Fixture.body
            change(&body)
            return TestJWT.json(body)
        }
    }

    static func scope(_ name: String, fragment: String = "invalid request: scope", _ change: @escaping @Sendable (inout [String: Any]) -> Void) -> RequestCase {
        json(name, fragment, channel: true) { body in
            var scope = Fixture.scope
            change(&scope)
            body["scope"] = scope
        }
    }

    static let all: [RequestCase] = [
        RequestCase(name: "form-encoded body", status: 400, code: "invalid_request", fragment: "JSON", contentType: "application/x-www-form-urlencoded") {
            Array("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer".utf8)
        },
        RequestCase(name: "no Content-Type", status: 400, code: "invalid_request", fragment: "Content-Type", contentType: nil) { TestJWT.json(Fixture.body) },
        RequestCase(name: "text/plain", status: 400, code: "invalid_request", fragment: "application/json", contentType: "text/plain") { TestJWT.json(Fixture.body) },
        RequestCase(name: "body not JSON", status: 400, code: "invalid_request", fragment: "JSON object") { Array("grant_type".utf8) },
        RequestCase(name: "body a JSON array", status: 400, code: "invalid_request", fragment: "JSON object") { Array("[]".utf8) },
        json("grant_type missing", "invalid request: grant_type") { $0["grant_type"] = nil },
        json("grant_type client_credentials", "client_credentials", code: "unsupported_grant_type") { $0["grant_type"] = "client_credentials" },
        json("grant_type a number", "jwt-bearer", code: "unsupported_grant_type") { $0["grant_type"] = 1 },
        json("duration_seconds 0", "duration_seconds") { $0["duration_seconds"] = 0 },
        json("duration_seconds 86400", "duration_seconds") { $0["duration_seconds"] = 86400 },
        json("duration_seconds negative", "duration_seconds") { $0["duration_seconds"] = -5 },
        json("duration_seconds a string", "duration_seconds") { $0["duration_seconds"] = "900" },
        json("duration_seconds a fraction", "duration_seconds") { $0["duration_seconds"] = 90.5 },
        json("scope not an object", "invalid request: scope", channel: true) { $0["scope"] = "Connector.botChat" },
        scope("account_permission missing") { $0["account_permission"] = nil },
        scope("permission_list empty") { $0["account_permission"] = ["permission_list": [String]()] },
        scope("permission_list not strings") { $0["account_permission"] = ["permission_list": [1]] },
        scope("attribute_constraint missing") { $0["attribute_constraint"] = nil },
        scope("connector_bot_chat_attribute missing") { $0["attribute_constraint"] = [String: Any]() },
        scope("bot_id_list missing") { $0["attribute_constraint"] = ["connector_bot_chat_attribute": [String: Any]()] },
        scope("bot_id_list numbers") { $0["attribute_constraint"] = ["connector_bot_chat_attribute": ["bot_id_list": [7_428_933_120_963]]] },
        json("scope from a normal app", "only accepted from channel apps") { $0["scope"] = Fixture.scope },
        RequestCase(name: "unknown account", status: 403, code: "access_deny", fragment: "account \"999\"", path: "/api/permission/oauth2/account/999/token") { TestJWT.json(Fixture.body) },
        RequestCase(name: "unknown enterprise", status: 403, code: "access_deny", fragment: "enterprise \"999\"", path: "/api/permission/oauth2/enterprise_id/999/token") { TestJWT.json(Fixture.body) },
    ]
}

@Suite("Token endpoint: request checks")
struct RequestRejectionTests {
    @Test("a bad request is refused with the documented code and a message naming the parameter", arguments: RequestCase.all)
    func rejects(_ bad: RequestCase) async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let jwt = bad.channel ? try Fixture.channelJWT() : try Fixture.normalJWT()
            let response = try await Fixture.post(emulator, path: bad.path, jwt: jwt, rawBody: bad.body(), contentType: bad.contentType)
            #expect(response.status == bad.status, "\(response.text)")
            let json = try response.json()
            #expect(json["error_code"] as? String == bad.code)
            let message = try #require(json["error_message"] as? String)
            #expect(message.contains(bad.fragment), "\(message)")
            #expect(response.header("X-Tt-Logid")?.isEmpty == false)
            #expect(emulator.stats.rejections == [bad.code: 1])
        }
    }

    @Test("a disabled app is refused with 403 access_deny")
    func disabledApp() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let key = try TestKeys.pair(2)
            let jwt = try TestJWT(kid: key.thumbprint, iss: Fixture.disabledAppID).signed(with: key)
            let response = try await Fixture.requestToken(emulator, jwt: jwt)
            #expect(response.status == 403)
            let json = try response.json()
            #expect(json["error_code"] as? String == "access_deny")
            #expect((json["error_message"] as? String)?.contains("disabled") == true)
        }
    }

    @Test("a repeated Authorization or Content-Type is refused, not read as its first value", arguments: [
        ("Authorization", 401, "invalid_client"), ("Content-Type", 400, "invalid_request"),
    ])
    func repeatedHeader(name: String, status: Int, code: String) async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let jwt = try Fixture.normalJWT()
            var headers = [("Content-Type", "application/json"), ("Authorization", "Bearer \(jwt)")]
            headers.append(headers.first { $0.0 == name }!)
            let response = try await RawHTTPClient.send(port: emulator.port, method: "POST", path: Fixture.tokenPath, headers: headers, body: TestJWT.json(Fixture.body))
            #expect(response.status == status, "\(response.text)")
            #expect(try response.json()["error_code"] as? String == code)
            #expect(emulator.stats.tokensIssued == 0)
        }
    }

    @Test("a JWT that passed its checks is used up even when the body is then refused")
    func jtiUsedByLaterFailure() async throws {
        try await withCozeEmulator(try Fixture.configuration()) { emulator in
            let jwt = try Fixture.normalJWT()
            let refused = try await Fixture.requestToken(emulator, jwt: jwt, body: ["grant_type": "password"])
            #expect(refused.status == 400)
            let replay = try await Fixture.requestToken(emulator, jwt: jwt)
            #expect(replay.status == 401)
        }
    }
}
