import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

@Suite("The emulator never logs tokens or JWTs")
struct LoggingTests {
    @Test("log lines hold outcomes and log IDs, never the JWT, its signature or the access token")
    func noSecrets() async throws {
        let collector = LogRecorder()
        let (jwt, token) = try await withCozeEmulator(try Fixture.configuration(), logger: collector.logger) { emulator in
            let jwt = try Fixture.normalJWT()
            let response = try await Fixture.requestToken(emulator, jwt: jwt)
            let token = try #require(try response.json()["access_token"] as? String)
            _ = try await Fixture.requestToken(emulator, jwt: jwt)
            _ = try await Fixture.get(emulator, path: "/v1/workspaces", bearer: token)
            return (jwt, token)
        }

        let lines = collector.lines.map(\.text)
        #expect(lines.contains { $0.contains("issued") })
        #expect(lines.contains { $0.contains("jti already used") })
        let signature = String(jwt.split(separator: ".")[2])
        for line in lines {
            #expect(!line.contains(jwt))
            #expect(!line.contains(signature))
            #expect(!line.contains(token))
            #expect(!line.contains(String(token.dropFirst(4))))
        }
    }
}
