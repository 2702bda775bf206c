import Foundation
import Synchronization
import Sesame
import SesameTestSupport
import Testing

/// A token endpoint that answers what a hostile or broken proxy would: built from the request, so it
/// can echo the signed JWT back.
private struct HostileEndpoint: HTTPTransport {
    let answer: @Sendable (HTTPTransportRequest) -> HTTPTransportResponse

    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse { answer(request) }

    static func authorization(of request: HTTPTransportRequest) -> String {
        request.headers.first { $0.name == "Authorization" }?.value ?? ""
    }
}

@Suite("coze-jwt against hostile or broken answers: no echoed JWT in errors, no unprintable or expired token accepted")
struct CozeHostileAnswerTests {
    private func provider(_ answer: @escaping @Sendable (HTTPTransportRequest) -> HTTPTransportResponse) async throws -> CozeJWTProvider {
        try ProviderFixture.provider(
            for: try await TestApp.make(), baseURL: "http://127.0.0.1:9", transport: HostileEndpoint(answer: answer), retry: .none
        )
    }

    private func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    @Test("a proxy echoing Authorization in X-Tt-Logid and error_message: the error holds no part of the signed JWT")
    func echoedJWTIsScrubbed() async throws {
        let seen = Mutex<String>("")
        let coze = try await provider { request in
            let authorization = HostileEndpoint.authorization(of: request)
            seen.withLock { $0 = authorization }
            return HTTPTransportResponse(
                status: 401,
                headers: [("X-Tt-Logid", authorization), ("Content-Type", "application/json")],
                body: json(["error_code": "invalid_client", "error_message": "rejected \(authorization) (\(authorization.dropFirst(7))) from proxy"])
            )
        }
        let error = try await #require(throws: CozeError.self) { try await coze.fetchToken(TokenRequest()) }
        let jwt = String(seen.withLock { $0 }.dropFirst("Bearer ".count))
        let parts = jwt.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        for text in [error.description, error.serverMessage ?? "", error.logID ?? "", "\(error.logMetadata)"] {
            for part in parts { #expect(!text.contains(part), "\(text) holds a part of the JWT") }
        }
        #expect(error.logID == nil)
        #expect(error.serverMessage?.contains("rejected Bearer <redacted> (<redacted JWT>) from proxy") == true)
        #expect(error.code == .invalidClient)
    }

    @Test("an access_token holding a newline or an escape code is refused, and not printed", arguments: ["czs_ok\nINJECTED", "czs_\u{1B}[31mred", "czs_two words"])
    func unprintableTokenIsRefused(value: String) async throws {
        let coze = try await provider { _ in
            HTTPTransportResponse(status: 200, body: self.json(["access_token": value, "expires_in": Int(Date().timeIntervalSince1970) + 900]))
        }
        let error = try await #require(throws: CozeError.self) { try await coze.fetchToken(TokenRequest()) }
        #expect(error.code == .unexpectedResponse)
        #expect(!error.description.contains(value))
        #expect(!error.description.contains("\u{1B}"))
    }

    @Test("an expires_in already past, before the epoch or days ahead is refused", arguments: [1_700_000_000, -210_866_803_200, 506_713, 0])
    func absurdExpiryIsRefused(expiresIn: Int64) async throws {
        let coze = try await provider { _ in
            HTTPTransportResponse(status: 200, body: self.json(["access_token": "czs_fine", "expires_in": expiresIn]))
        }
        let error = try await #require(throws: CozeError.self) { try await coze.fetchToken(TokenRequest()) }
        #expect(error.code == .unexpectedResponse)
        #expect(error.description.contains("expires_in \(expiresIn)"))
    }

    @Test("a plausible answer still passes: absolute expires_in within a day, and relative seconds from a gateway")
    func plausibleExpiryPasses() async throws {
        let absolute = Int64(Date().timeIntervalSince1970) + 900
        for expiresIn in [absolute, 900] {
            let coze = try await provider { _ in
                HTTPTransportResponse(status: 200, headers: [("X-Tt-Logid", "20261201093000ABCDEF")], body: self.json(["access_token": "czs_fine", "expires_in": expiresIn]))
            }
            let token = try await coze.fetchToken(TokenRequest())
            #expect(token.value == "czs_fine")
            if expiresIn == absolute {
                #expect(token.expiresAt == Date(timeIntervalSince1970: TimeInterval(absolute)))
            } else {
                #expect(abs(token.lifetime - 900) < 1)
            }
        }
    }
}

