import Foundation
import SesameCore
import Testing

@Suite("TokenCache: dropping a refused token, and refreshing on behalf of a background refresher", .timeLimit(.minutes(1)))
struct TokenCacheRefusalTests {
    @Test("invalidate(_:rejected:) drops the refused token; the next call exchanges once")
    func refusedTokenIsDropped() async throws {
        let fixture = CacheFixture()
        let refused = try await fixture.cache.token()
        #expect(await fixture.cache.invalidate(TokenRequest(), rejected: refused))
        let next = try await fixture.cache.token()
        #expect(next.value == "token-2")
        #expect(fixture.provider.calls == 2)
    }

    @Test("a late invalidation naming the old token leaves the newer token alone")
    func lateInvalidationKeepsNewerToken() async throws {
        let fixture = CacheFixture()
        let refused = try await fixture.cache.token()
        await fixture.cache.invalidate(TokenRequest(), rejected: refused)
        let replacement = try await fixture.cache.token()
        // Ninety-nine more calls that used the refused token report it after the replacement arrived.
        for _ in 0..<99 {
            #expect(await fixture.cache.invalidate(TokenRequest(), rejected: refused) == false)
        }
        #expect(try await fixture.cache.token() == replacement)
        #expect(fixture.provider.calls == 2)
    }

    @Test("a refusal while a refresh-ahead runs makes callers wait for that refresh, not start another")
    func refusalDuringRefreshAhead() async throws {
        let fixture = CacheFixture()
        let refused = try await fixture.cache.token()
        fixture.clock.advance(by: 850)
        fixture.provider.gate.close()
        #expect(try await fixture.cache.token() == refused)
        await fixture.provider.waitUntilCalled(times: 2)
        #expect(await fixture.cache.invalidate(TokenRequest(), rejected: refused))
        async let waiting = fixture.cache.token()
        await fixture.waitForWaiters(2)
        fixture.provider.gate.open()
        #expect(try await waiting.value == "token-2")
        #expect(fixture.provider.calls == 2)
    }

    @Test("refreshIfDue returns a token not yet due without an exchange")
    func notDueIsKept() async throws {
        let fixture = CacheFixture()
        let first = try await fixture.cache.refreshIfDue(TokenRequest())
        fixture.clock.advance(by: 600)
        #expect(try await fixture.cache.refreshIfDue(TokenRequest()) == first)
        #expect(fixture.provider.calls == 1)
    }

    @Test("refreshIfDue inside the window exchanges once while every other caller is served the current token at once")
    func dueIsRefreshedWithoutWaiters() async throws {
        let fixture = CacheFixture()
        let first = try await fixture.cache.token()
        let waitsBefore = await fixture.cache.statistics.waits
        fixture.clock.advance(by: 845)
        fixture.provider.gate.close()
        async let refreshed = fixture.cache.refreshIfDue(TokenRequest())
        await fixture.provider.waitUntilCalled(times: 2)
        for _ in 0..<10 {
            #expect(try await fixture.cache.token() == first)
        }
        fixture.provider.gate.open()
        #expect(try await refreshed.value == "token-2")
        #expect(try await fixture.cache.token().value == "token-2")
        #expect(fixture.provider.calls == 2)
        #expect(await fixture.cache.statistics.waits == waitsBefore)
    }

    @Test("refreshWindow is where calls start refreshing ahead and where a token stops being served")
    func windowMatchesPolicy() async throws {
        let fixture = CacheFixture(refreshAhead: 60, expiryMargin: 10)
        let token = try await fixture.cache.token()
        let window = fixture.cache.refreshWindow(for: token)
        #expect(window.start == token.expiresAt.addingTimeInterval(-60))
        #expect(window.end == token.expiresAt.addingTimeInterval(-10))
        fixture.clock.advance(by: window.start.timeIntervalSince(fixture.clock.now) - 1)
        _ = try await fixture.cache.token()
        #expect(fixture.provider.calls == 1)
        fixture.clock.advance(by: 1)
        _ = try await fixture.cache.token()
        await fixture.provider.waitUntilCalled(times: 2)
        #expect(fixture.provider.calls == 2)
    }
}
