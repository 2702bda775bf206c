import Foundation
import SesameCore
import Testing

@Suite("TokenCache: stampedes and hits from many tasks", .timeLimit(.minutes(1)))
struct TokenCacheStampedeTests {
    @Test("any stampede up to 10,000 callers on a cold cache causes exactly one exchange", arguments: [2, 100, 10_000])
    func stampedeOneExchange(callers: Int) async throws {
        let fixture = CacheFixture()
        fixture.provider.gate.close()
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<callers {
                group.addTask { try await fixture.cache.token().value }
            }
            await fixture.waitForWaiters(callers)
            fixture.provider.gate.open()
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(values.count == callers)
        #expect(Set(values) == ["token-1"])
        #expect(fixture.provider.calls == 1)
        let statistics = await fixture.cache.statistics
        #expect(statistics.exchanges == 1)
        #expect(statistics.waits == callers)
    }

    @Test("hits from many tasks at once are all counted, cause no exchange and refresh the entry's use for eviction")
    func concurrentHits() async throws {
        let fixture = CacheFixture(maxEntries: 2)
        let alpha = TokenRequest(sessionName: "alpha")
        let beta = TokenRequest(sessionName: "beta")
        _ = try await fixture.cache.token(for: alpha)
        _ = try await fixture.cache.token(for: beta)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<500 { _ = try await fixture.cache.token(for: alpha) }
                }
            }
            try await group.waitForAll()
        }
        let statistics = await fixture.cache.statistics
        #expect(statistics.hits == 4000)
        #expect(statistics.exchanges == 2)
        #expect(fixture.provider.calls == 2)
        // alpha was used last (by hits that never entered the actor), so a third request evicts beta.
        _ = try await fixture.cache.token(for: TokenRequest(sessionName: "gamma"))
        _ = try await fixture.cache.token(for: alpha)
        #expect(fixture.provider.calls == 3)
        #expect(await fixture.cache.statistics.evictions == 1)
    }

    @Test("after shutdown a token that was cached is no longer served")
    func shutdownStopsHits() async throws {
        let fixture = CacheFixture()
        _ = try await fixture.cache.token()
        await fixture.cache.shutdown()
        await #expect(throws: CancellationError.self) { try await fixture.cache.token() }
    }
}
