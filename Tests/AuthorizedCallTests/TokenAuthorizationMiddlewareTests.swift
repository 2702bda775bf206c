import AsyncHTTPClient
import CozeEmulator
import Foundation
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import Sesame
import SesameOpenAPI
import SesameTestSupport
import Testing

@Suite("SesameOpenAPI: the client middleware with swift-openapi-async-http-client's transport, against the emulator")
struct TokenAuthorizationMiddlewareTests {
    private func client(_ fixture: CozeAPIFixture) throws -> WorkspacesAPIClient {
        WorkspacesAPIClient(
            serverURL: try #require(URL(string: fixture.emulator.baseURL)),
            transport: AsyncHTTPClientTransport(),
            middlewares: [try TokenAuthorizationMiddleware(broker: fixture.broker, provider: "coze")]
        )
    }

    @Test("a revoked token causes exactly one new exchange and one repeated call", arguments: [401, 200])
    func revokedTokenIsReplacedOnce(refusalStatus: Int) async throws {
        try await CozeAPIFixture.run(apiRefusalStatus: refusalStatus) { fixture in
            let api = try client(fixture)
            #expect(try await api.listWorkspaces().code == 0)
            fixture.emulator.emulator.revokeAllTokens()
            let answer = try await api.listWorkspaces()
            #expect(answer.status == 200)
            #expect(answer.code == 0)
            #expect(fixture.emulator.stats.tokensIssued == 2)
            #expect(fixture.emulator.stats.apiCalls == 3)
        }
    }

    @Test("a body that can be iterated only once is not sent again")
    func singleIterationBodyIsNotRetried() async throws {
        try await CozeAPIFixture.run { fixture in
            let api = try client(fixture)
            _ = try await api.listWorkspaces()
            fixture.emulator.emulator.revokeAllTokens()
            let stream = AsyncStream<HTTPBody.ByteChunk> { continuation in
                continuation.yield(ArraySlice("{}".utf8))
                continuation.finish()
            }
            let answer = try await api.listWorkspaces(body: HTTPBody(stream, length: .known(2), iterationBehavior: .single))
            #expect(answer.status == 401)
            #expect(answer.code == 4100)
            #expect(fixture.emulator.stats.tokensIssued == 1)
            #expect(fixture.emulator.stats.apiCalls == 2)
        }
    }

    @Test("a body built from bytes (iterable many times) is sent again after a refusal")
    func multipleIterationBodyIsRetried() async throws {
        try await CozeAPIFixture.run { fixture in
            let api = try client(fixture)
            _ = try await api.listWorkspaces()
            fixture.emulator.emulator.revokeAllTokens()
            let answer = try await api.listWorkspaces(body: HTTPBody("{}"))
            #expect(answer.code == 0)
            #expect(fixture.emulator.stats.tokensIssued == 2)
        }
    }
}
