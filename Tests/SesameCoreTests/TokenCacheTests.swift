import Foundation
import SesameCore
import Testing

@Suite("TokenCache: reuse, single flight and refresh-ahead", .timeLimit(.minutes(1)))
struct TokenCacheTests {
    @Test("1,000 concurrent callers on a cold cache cause exactly one exchange and all get its token")
    func thousandCallersOneExchange() async throws {
        let fixture = CacheFixture()
        fixture.provider.gate.close()
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<1000 {
                group.addTask { try await fixture.cache.token().value }
            }
            // Hold the exchange until every caller waits for it, so all 1,000 really overlap.
            await fixture.waitForWaiters(1000)
            fixture.provider.gate.open()
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(values.count == 1000)
        #expect(Set(values) == ["token-1"])
        #expect(fixture.provider.calls == 1)
        let statistics = await fixture.cache.statistics
        #expect(statistics.exchanges == 1)
        #expect(statistics.waits == 1000)
    }

    @Test("a fresh token is served from the cache without an exchange, and counted as a hit")
    func freshTokenIsReused() async throws {
        let fixture = CacheFixture()
        let first = try await fixture.cache.token()
        fixture.clock.advance(by: 600)
        for _ in 0..<10 {
            let again = try await fixture.cache.token()
            #expect(again == first)
        }
        #expect(fixture.provider.calls == 1)
        let statistics = await fixture.cache.statistics
        #expect(statistics.hits == 10)
        #expect(statistics.waits == 1)
        #expect(statistics.exchanges == 1)
    }

    @Test("inside the refresh window the old token is served at once while one background exchange replaces it")
    func refreshAhead() async throws {
        let fixture = CacheFixture(refreshAhead: 60, expiryMargin: 10)
        let first = try await fixture.cache.token()
        #expect(first.value == "token-1")
        #expect(first.expiresAt == fixture.clock.now.addingTimeInterval(900))

        fixture.clock.advance(by: 870)  // 30 s before expiry: inside the 60 s window, outside the 10 s margin
        fixture.provider.gate.close()
        // The gate is closed, so this call returning at all shows it did not wait for the exchange.
        let during = try await fixture.cache.token()
        #expect(during.value == "token-1")
        await fixture.provider.waitUntilCalled(times: 2)

        // Callers during the held background exchange get the old token without waiting or starting another.
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask { try await fixture.cache.token().value }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(values == ["token-1"])
        #expect(fixture.provider.calls == 2)
        var statistics = await fixture.cache.statistics
        #expect(statistics.exchanges == 2)
        #expect(statistics.waits == 1)

        fixture.provider.gate.open()
        await fixture.waitForSuccessfulExchanges(2)
        let after = try await fixture.cache.token()
        #expect(after.value == "token-2")
        #expect(after.expiresAt == fixture.clock.now.addingTimeInterval(900))
        #expect(fixture.provider.calls == 2)
        statistics = await fixture.cache.statistics
        #expect(statistics.exchanges == 2)
        #expect(statistics.waits == 1)
    }

    @Test("a token past expiry minus the margin is not served: callers wait for the new one", arguments: [891.0, 895, 900, 5000])
    func expiredTokenIsNotServed(elapsed: TimeInterval) async throws {
        let fixture = CacheFixture(refreshAhead: 60, expiryMargin: 10)
        _ = try await fixture.cache.token()
        fixture.clock.advance(by: elapsed)
        fixture.provider.gate.close()
        let caller = Task { try await fixture.cache.token() }
        await fixture.waitForWaiters(2)
        #expect(fixture.provider.calls == 2)
        fixture.provider.gate.open()
        let token = try await caller.joined
        #expect(token.value == "token-2")
        #expect(fixture.provider.calls == 2)
    }

    @Test("the last second before the margin still serves the old token")
    func tokenJustBeforeTheMarginIsServed() async throws {
        let fixture = CacheFixture(refreshAhead: 60, expiryMargin: 10)
        _ = try await fixture.cache.token()
        fixture.clock.advance(by: 889)
        fixture.provider.gate.close()
        #expect(try await fixture.cache.token().value == "token-1")
        fixture.provider.gate.open()
    }

    @Test("for a short-lived token the window is capped at half its lifetime and the margin at a quarter")
    func shortLivedTokenCaps() async throws {
        let fixture = CacheFixture(refreshAhead: 60, expiryMargin: 10)
        let request = TokenRequest(lifetime: 20)  // window min(60, 10) = 10 s, margin min(10, 5) = 5 s
        _ = try await fixture.cache.token(for: request)

        fixture.clock.advance(by: 9)  // not yet in the window
        #expect(try await fixture.cache.token(for: request).value == "token-1")
        #expect(fixture.provider.calls == 1)

        fixture.clock.advance(by: 3)  // 12 s: in the window, before the margin
        fixture.provider.gate.close()
        #expect(try await fixture.cache.token(for: request).value == "token-1")
        await fixture.provider.waitUntilCalled(times: 2)
        fixture.provider.gate.open()
        await fixture.waitForSuccessfulExchanges(2)
        #expect(try await fixture.cache.token(for: request).value == "token-2")
    }

    @Test("token values never appear in the cache's log lines")
    func tokensAreNotLogged() async throws {
        let fixture = CacheFixture()
        _ = try await fixture.cache.token(for: TokenRequest(sessionName: "alice"))
        fixture.clock.advance(by: 870)
        _ = try await fixture.cache.token(for: TokenRequest(sessionName: "alice"))
        await fixture.waitForSuccessfulExchanges(2)
        fixture.provider.setFailing(true)
        await #expect(throws: FakeExchangeError.self) {
            try await fixture.cache.token(for: TokenRequest(sessionName: "bob"))
        }
        let lines = fixture.log.lines
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(!line.text.contains("token-"), "log line shows a token: \(line.message)")
        }
    }
}
