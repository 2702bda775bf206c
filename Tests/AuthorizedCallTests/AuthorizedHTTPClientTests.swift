import AsyncHTTPClient
import CozeEmulator
import Foundation
import NIOCore
import Sesame
import SesameTestSupport
import Testing

@Suite("AuthorizedHTTPClient: a refused token is replaced once, over loopback against the emulator")
struct AuthorizedHTTPClientTests {
    @Test("a revoked token causes exactly one new exchange and one repeated call", arguments: [401, 200])
    func revokedTokenIsReplacedOnce(refusalStatus: Int) async throws {
        try await CozeAPIFixture.run(apiRefusalStatus: refusalStatus) { fixture in
            let client = try AuthorizedHTTPClient(broker: fixture.broker, provider: "coze")
            let first = try await client.execute(HTTPClientRequest(url: fixture.workspacesURL), timeout: .seconds(30))
            #expect(first.status == .ok)
            #expect(fixture.emulator.emulator.revokeAllTokens() == 1)

            let second = try await client.execute(HTTPClientRequest(url: fixture.workspacesURL), timeout: .seconds(30))
            #expect(second.status == .ok)
            let body = try await second.body.collect(upTo: 1 << 16)
            #expect(String(buffer: body).contains("\"code\":0"))
            let stats = fixture.emulator.stats
            #expect(stats.tokensIssued == 2)
            #expect(stats.apiCalls == 3)
            #expect(stats.apiRefusals == 1)
        }
    }

    @Test("a second refusal is returned to the caller, not looped")
    func secondRefusalIsReturned() async throws {
        try await CozeAPIFixture.run { fixture in
            // Every answer counts as a refusal: the client must stop after one repeat.
            var rule = TokenRejectionRule.coze
            rule.statuses = [200]
            let authorizer = try TokenAuthorizer(broker: fixture.broker, provider: "coze", rule: rule)
            let client = AuthorizedHTTPClient(authorizer: authorizer)
            let response = try await client.execute(HTTPClientRequest(url: fixture.workspacesURL), timeout: .seconds(30))
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "X-Tt-Logid") != nil)
            #expect(fixture.emulator.stats.apiCalls == 2)
            #expect(fixture.emulator.stats.tokensIssued == 2)
        }
    }

    @Test("a request whose body cannot be sent again is not retried; the refusal comes back")
    func streamedBodyIsNotRetried() async throws {
        try await CozeAPIFixture.run { fixture in
            let client = try AuthorizedHTTPClient(broker: fixture.broker, provider: "coze")
            _ = try await client.execute(HTTPClientRequest(url: fixture.workspacesURL), timeout: .seconds(30))
            fixture.emulator.emulator.revokeAllTokens()

            var request = HTTPClientRequest(url: fixture.workspacesURL)
            request.body = .stream(AsyncStream<ByteBuffer> { continuation in
                continuation.yield(ByteBuffer(string: "{}"))
                continuation.finish()
            }, length: .known(Int64(2)))
            let response = try await client.execute(request, timeout: .seconds(30))
            #expect(response.status == .unauthorized)
            let stats = fixture.emulator.stats
            #expect(stats.tokensIssued == 1)
            #expect(stats.apiCalls == 2)
        }
    }

    @Test("a body given as bytes is sent again after a refusal")
    func bytesBodyIsRetried() async throws {
        try await CozeAPIFixture.run { fixture in
            let client = try AuthorizedHTTPClient(broker: fixture.broker, provider: "coze")
            _ = try await client.execute(HTTPClientRequest(url: fixture.workspacesURL), timeout: .seconds(30))
            fixture.emulator.emulator.revokeAllTokens()
            var request = HTTPClientRequest(url: fixture.workspacesURL)
            request.method = .GET
            let response = try await client.execute(request, body: ByteBuffer(string: "{}"), timeout: .seconds(30))
            #expect(response.status == .ok)
            #expect(fixture.emulator.stats.tokensIssued == 2)
            #expect(fixture.emulator.stats.apiCalls == 3)
        }
    }

    @Test("100 concurrent calls after a revocation cause one exchange, and every call succeeds")
    func burstAfterRevocationCausesOneExchange() async throws {
        try await CozeAPIFixture.run(apiRefusalStatus: 200) { fixture in
            let client = try AuthorizedHTTPClient(broker: fixture.broker, provider: "coze")
            _ = try await client.execute(HTTPClientRequest(url: fixture.workspacesURL), timeout: .seconds(30))
            fixture.emulator.emulator.revokeAllTokens()

            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        let response = try await client.execute(HTTPClientRequest(url: fixture.workspacesURL), timeout: .seconds(60))
                        let body = try await response.body.collect(upTo: 1 << 16)
                        return String(buffer: body).contains("\"code\":0") ? 200 : 0
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 })
            let stats = fixture.emulator.stats
            #expect(stats.tokensIssued == 2)
            #expect(stats.apiCalls == 101 + stats.apiRefusals)
            #expect(stats.apiRefusals >= 1)
        }
    }
}
