import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("oauth2-client-credentials: retries on 5xx, 429 and connection failures, never on refusals")
struct OAuth2RetryTests {
    @Test("two 503 temporarily_unavailable answers, then a token: three requests, the last one issued")
    func retriesUnavailable() async throws {
        let faults = OAuth2TokenServerFaults(answers: [.unavailable(), .unavailable()])
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let waits = WaitRecorder()
            let token = try await OAuth2Fixture.provider(tokenURL: server.tokenURL, retry: waits.policy()).fetchToken(TokenRequest())
            #expect(server.server.grant(forToken: token.value) != nil)
            #expect(server.stats.tokenRequests == 3)
            #expect(server.stats.scriptedAnswers == 2)
            #expect(server.stats.tokensIssued == 1)
            #expect(waits.waits.count == 2)
        }
    }

    @Test("a 429 with Retry-After: the next attempt waits at least that long, then succeeds")
    func honoursRetryAfter() async throws {
        let faults = OAuth2TokenServerFaults(answers: [.throttled(retryAfter: 7)])
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let waits = WaitRecorder()
            let token = try await OAuth2Fixture.provider(tokenURL: server.tokenURL, retry: waits.policy()).fetchToken(TokenRequest())
            #expect(server.server.grant(forToken: token.value) != nil)
            #expect(server.stats.tokenRequests == 2)
            let waited = try #require(waits.waits.first)
            #expect(waited >= .seconds(7))
        }
    }

    @Test("a 503 with Retry-After is honoured too")
    func honoursRetryAfterOn503() async throws {
        let faults = OAuth2TokenServerFaults(answers: [.unavailable(retryAfter: 4)])
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let waits = WaitRecorder()
            _ = try await OAuth2Fixture.provider(tokenURL: server.tokenURL, retry: waits.policy()).fetchToken(TokenRequest())
            #expect(try #require(waits.waits.first) >= .seconds(4))
        }
    }

    @Test("a dropped connection is retried")
    func retriesDroppedConnection() async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: .init(dropFirst: 1))) { server in
            let token = try await OAuth2Fixture.provider(tokenURL: server.tokenURL).fetchToken(TokenRequest())
            #expect(server.server.grant(forToken: token.value) != nil)
            #expect(server.stats.dropped == 1)
            #expect(server.stats.tokenRequests == 2)
        }
    }

    @Test("invalid_client is final: one request, no wait")
    func noRetryOnInvalidClient() async throws {
        try await withOAuth2TokenServer(OAuth2Fixture.server()) { server in
            let waits = WaitRecorder()
            let provider = OAuth2Fixture.provider(tokenURL: server.tokenURL, secret: OAuth2Fixture.secretReference("wrong"), retry: waits.policy(maxAttempts: 5))
            let error = try await #require(throws: OAuth2Error.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .invalidClient)
            #expect(server.stats.tokenRequests == 1)
            #expect(waits.waits.isEmpty)
        }
    }

    @Test("after the last attempt the error says how many were made and keeps the last status")
    func givesUp() async throws {
        let faults = OAuth2TokenServerFaults(answers: Array(repeating: .unavailable(), count: 5))
        try await withOAuth2TokenServer(OAuth2Fixture.server(faults: faults)) { server in
            let error = try await #require(throws: OAuth2Error.self) {
                try await OAuth2Fixture.provider(tokenURL: server.tokenURL).fetchToken(TokenRequest())
            }
            #expect(error.code == .serverError)
            #expect(error.attempts == 3)
            #expect(error.httpStatus == 503)
            #expect(error.serverCode == "temporarily_unavailable")
            #expect(error.message.hasSuffix("; the authorization server failed: retry later (gave up after 3 attempts)"), "\(error.message)")
            #expect(server.stats.tokenRequests == 3)
        }
    }
}
