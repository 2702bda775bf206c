import Foundation
import SesameCore
import Testing

@Suite("TokenCache: keys, bound and invalidation", .timeLimit(.minutes(1)))
struct TokenCacheEntriesTests {
    @Test("requests that differ in session, lifetime or options are cached separately")
    func requestsAreSeparateKeys() async throws {
        let fixture = CacheFixture()
        let requests = [
            TokenRequest(),
            TokenRequest(sessionName: "alice"),
            TokenRequest(sessionName: "bob"),
            TokenRequest(sessionName: "alice", lifetime: 600),
            TokenRequest(sessionName: "alice", options: ["deviceId": "d1"]),
        ]
        var first: [String] = []
        for request in requests {
            first.append(try await fixture.cache.token(for: request).value)
        }
        #expect(Set(first).count == requests.count)
        #expect(fixture.provider.requests == requests)

        for (request, value) in zip(requests, first) {
            #expect(try await fixture.cache.token(for: request).value == value)
        }
        #expect(fixture.provider.calls == requests.count)
        #expect(await fixture.cache.count == requests.count)
    }

    @Test("with maxEntries 3, five sessions keep at most 3 entries and count 2 evictions")
    func boundedEntries() async throws {
        let fixture = CacheFixture(maxEntries: 3)
        for session in ["a", "b", "c", "d", "e"] {
            _ = try await fixture.cache.token(for: TokenRequest(sessionName: session))
            #expect(await fixture.cache.count <= 3)
        }
        #expect(await fixture.cache.count == 3)
        #expect(await fixture.cache.statistics.evictions == 2)
        #expect(fixture.provider.calls == 5)
    }

    @Test("when full, expired entries are evicted before the least recently used")
    func expiredEntriesGoFirst() async throws {
        let fixture = CacheFixture(maxEntries: 3)
        let shortLived = TokenRequest(sessionName: "a", lifetime: 100)
        let b = TokenRequest(sessionName: "b")
        let c = TokenRequest(sessionName: "c")
        for request in [b, c, shortLived] {
            _ = try await fixture.cache.token(for: request)
        }
        // b is now the least recently used, but the short-lived token expires first.
        fixture.clock.advance(by: 95)
        _ = try await fixture.cache.token(for: TokenRequest(sessionName: "d"))
        #expect(await fixture.cache.count == 3)
        #expect(await fixture.cache.statistics.evictions == 1)

        _ = try await fixture.cache.token(for: b)
        _ = try await fixture.cache.token(for: c)
        #expect(fixture.provider.calls == 4)  // b and c were kept
        _ = try await fixture.cache.token(for: shortLived)
        #expect(fixture.provider.calls == 5)  // the expired one was dropped
    }

    @Test("when full and nothing has expired, the least recently used entry is evicted")
    func leastRecentlyUsedGoes() async throws {
        let fixture = CacheFixture(maxEntries: 3)
        let a = TokenRequest(sessionName: "a")
        let b = TokenRequest(sessionName: "b")
        let c = TokenRequest(sessionName: "c")
        for request in [a, b, c] {
            _ = try await fixture.cache.token(for: request)
        }
        _ = try await fixture.cache.token(for: a)  // a used again: b is now the least recently used
        _ = try await fixture.cache.token(for: TokenRequest(sessionName: "d"))
        #expect(await fixture.cache.statistics.evictions == 1)

        _ = try await fixture.cache.token(for: a)
        _ = try await fixture.cache.token(for: c)
        #expect(fixture.provider.calls == 4)  // a and c were kept
        _ = try await fixture.cache.token(for: b)
        #expect(fixture.provider.calls == 5)  // b was evicted
    }

    @Test("invalidate drops the cached token: the next call makes a new exchange")
    func invalidateForcesExchange() async throws {
        let fixture = CacheFixture()
        let request = TokenRequest(sessionName: "alice")
        let other = TokenRequest(sessionName: "bob")
        _ = try await fixture.cache.token(for: request)
        _ = try await fixture.cache.token(for: other)
        await fixture.cache.invalidate(request)
        #expect(try await fixture.cache.token(for: request).value == "token-3")
        #expect(try await fixture.cache.token(for: other).value == "token-2")
        #expect(fixture.provider.calls == 3)
    }

    @Test("invalidate during a refresh-ahead stops serving the old token: callers wait for the exchange in flight")
    func invalidateDuringRefreshAhead() async throws {
        let fixture = CacheFixture(refreshAhead: 60, expiryMargin: 10)
        _ = try await fixture.cache.token()
        fixture.clock.advance(by: 870)
        fixture.provider.gate.close()
        #expect(try await fixture.cache.token().value == "token-1")
        await fixture.provider.waitUntilCalled(times: 2)

        await fixture.cache.invalidate(TokenRequest())
        let caller = Task { try await fixture.cache.token() }
        await fixture.waitForWaiters(2)
        fixture.provider.gate.open()
        #expect(try await caller.joined.value == "token-2")
        #expect(fixture.provider.calls == 2)
    }
}
