import Foundation
import SesameCore
import Testing

@Suite("TokenCache: errors, cancellation and shutdown", .timeLimit(.minutes(1)))
struct TokenCacheFailureTests {
    @Test("a failed exchange reaches every one of its waiters, and is not cached: the next call tries again")
    func errorReachesEveryWaiterAndIsNotCached() async throws {
        let fixture = CacheFixture()
        fixture.provider.setFailing(true)
        fixture.provider.gate.close()
        let outcomes = await withTaskGroup(of: Result<AccessToken, any Error>.self) { group in
            for _ in 0..<50 {
                group.addTask { await outcome { try await fixture.cache.token() } }
            }
            await fixture.waitForWaiters(50)
            fixture.provider.gate.open()
            return await group.reduce(into: [Result<AccessToken, any Error>]()) { $0.append($1) }
        }
        #expect(outcomes.count == 50)
        for result in outcomes {
            #expect(result.failure as? FakeExchangeError == FakeExchangeError(call: 1))
        }
        #expect(fixture.provider.calls == 1)
        #expect(await fixture.cache.statistics.failures == 1)
        #expect(await fixture.cache.count == 0)

        fixture.provider.setFailing(false)
        let token = try await fixture.cache.token()
        #expect(token.value == "token-2")
        #expect(fixture.provider.calls == 2)
    }

    @Test("a failed refresh-ahead keeps serving the still-valid token, and a later call refreshes again")
    func failedRefreshAheadKeepsOldToken() async throws {
        let fixture = CacheFixture(refreshAhead: 60, expiryMargin: 10)
        _ = try await fixture.cache.token()
        fixture.clock.advance(by: 870)
        fixture.provider.setFailing(true)
        #expect(try await fixture.cache.token().value == "token-1")
        await fixture.waitForFailedExchanges(1)

        #expect(await fixture.cache.statistics.failures == 1)
        fixture.provider.setFailing(false)
        #expect(try await fixture.cache.token().value == "token-1")  // still valid; starts exchange 3
        await fixture.waitForSuccessfulExchanges(2)
        #expect(try await fixture.cache.token().value == "token-3")
        #expect(fixture.provider.calls == 3)
        #expect(await fixture.cache.statistics.waits == 1)
    }

    @Test("a cancelled waiter leaves at once with CancellationError; the shared exchange continues for the others")
    func cancelledWaiterDoesNotCancelTheExchange() async throws {
        let fixture = CacheFixture()
        fixture.provider.gate.close()
        // The cancelled caller is the one that started the exchange.
        let cancelled = Task { try await fixture.cache.token() }
        await fixture.provider.waitUntilCalled(times: 1)
        let others = (0..<5).map { _ in Task { try await fixture.cache.token() } }
        await fixture.waitForWaiters(6)

        cancelled.cancel()
        // The gate is still closed: the error arrives before the exchange could finish.
        let result = await cancelled.joinedResult
        #expect(result.isCancellation)
        #expect(fixture.provider.calls == 1)

        fixture.provider.gate.open()
        for other in others {
            #expect(try await other.joined.value == "token-1")
        }
        #expect(fixture.provider.calls == 1)
        #expect(fixture.provider.cancelledExchanges == 0)
        // The token the cancelled caller did not wait for is cached for the next one.
        #expect(try await fixture.cache.token().value == "token-1")
    }

    @Test("a caller that joins after the only waiter was cancelled still gets the exchange's token")
    func exchangeOutlivesItsOnlyWaiter() async throws {
        let fixture = CacheFixture()
        fixture.provider.gate.close()
        let cancelled = Task { try await fixture.cache.token() }
        await fixture.provider.waitUntilCalled(times: 1)
        cancelled.cancel()
        #expect(await cancelled.joinedResult.isCancellation)

        let later = Task { try await fixture.cache.token() }
        await fixture.waitForWaiters(2)
        fixture.provider.gate.open()
        #expect(try await later.joined.value == "token-1")
        #expect(fixture.provider.calls == 1)
    }

    @Test("shutdown cancels the exchange in flight: its waiters get CancellationError, and later calls throw")
    func shutdown() async throws {
        let fixture = CacheFixture()
        let cached = TokenRequest(sessionName: "cached")
        _ = try await fixture.cache.token(for: cached)

        fixture.provider.gate.close()
        let waiters = (0..<5).map { _ in Task { try await fixture.cache.token() } }
        await fixture.waitForWaiters(6)
        await fixture.cache.shutdown()
        for waiter in waiters {
            #expect(await waiter.joinedResult.isCancellation)
        }
        #expect(fixture.provider.cancelledExchanges == 1)

        // Even a cached, fresh token is no longer served, and nothing new is fetched.
        await #expect(throws: CancellationError.self) { try await fixture.cache.token(for: cached) }
        await #expect(throws: CancellationError.self) { try await fixture.cache.token() }
        #expect(fixture.provider.calls == 2)
        fixture.provider.gate.open()
    }
}
