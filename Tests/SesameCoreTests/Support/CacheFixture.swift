import Foundation
import SesameCore
import SesameTestSupport

/// A ``TokenCache`` in front of a ``FakeAuthProvider``, on a ``TestClock``, logging to a ``LogRecorder``.
struct CacheFixture {
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
    let provider: FakeAuthProvider
    let log = LogRecorder()
    let cache: TokenCache

    init(
        refreshAhead: TimeInterval = 60,
        expiryMargin: TimeInterval = 10,
        maxEntries: Int = 1024,
        providerHonoursCancellation: Bool = true
    ) {
        let clock = clock
        provider = FakeAuthProvider(clock: clock, honoursCancellation: providerHonoursCancellation)
        cache = TokenCache(
            provider: provider,
            policy: TokenCache.Policy(refreshAhead: refreshAhead, expiryMargin: expiryMargin, maxEntries: maxEntries),
            logger: log.logger,
            now: { clock.now }
        )
    }

    /// Returns once `count` exchanges have finished successfully and the cache has stored their tokens.
    func waitForSuccessfulExchanges(_ count: Int) async {
        await log.waitFor(count) { $0.message.contains("succeeded") }
    }

    /// Returns once `count` exchanges have failed and the cache has dealt with the failure.
    func waitForFailedExchanges(_ count: Int) async {
        await log.waitFor(count) { $0.message.contains("failed") }
    }

    /// Returns once `count` calls in all have joined an exchange as waiters.
    func waitForWaiters(_ count: Int) async {
        await eventually { await cache.statistics.waits >= count }
    }
}
