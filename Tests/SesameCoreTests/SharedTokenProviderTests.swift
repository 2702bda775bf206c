import Foundation
import Logging
import SesameCore
import SesameTestSupport
import Testing

@Suite("SharedTokenProvider: the shared cache below TokenCache")
struct SharedTokenProviderTests {
    /// A provider over a ``MemoryTokenStore`` and a ``FakeAuthProvider`` on a test clock.
    struct Fixture {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let inner: FakeAuthProvider
        let store = MemoryTokenStore()
        let log = LogRecorder()
        let shared: SharedTokenProvider

        init(margin: TimeInterval = 60, lockTimeout: Duration = .seconds(5), lifetime: TimeInterval = 900) {
            let clock = clock
            inner = FakeAuthProvider(clock: clock, defaultLifetime: lifetime)
            shared = SharedTokenProvider(
                provider: inner, store: store, name: "alpha", configurationFingerprint: "fp-1",
                margin: margin, lockTimeout: lockTimeout, logger: log.logger, now: { clock.now }
            )
        }

        var key: SharedTokenKey { shared.key(for: TokenRequest()) }

        func token(expiringIn seconds: TimeInterval, lifetime: TimeInterval = 900, value: String = "shared-token") -> AccessToken {
            AccessToken(value: value, expiresAt: clock.now + seconds, issuedAt: clock.now + seconds - lifetime)
        }

        var warnings: [LogRecorder.Line] { log.lines.filter { $0.level == .warning } }
        var recoveries: [LogRecorder.Line] { log.lines.filter { $0.message == "shared token cache works again" } }
    }

    @Test("a stored token with more than the margin left is served without a lock or an exchange")
    func freshHit() async throws {
        let fixture = Fixture()
        fixture.store.put(fixture.token(expiringIn: 61), for: fixture.key)
        let token = try await fixture.shared.fetchToken(TokenRequest())
        #expect(token.value == "shared-token")
        #expect(fixture.inner.calls == 0)
        #expect(fixture.store.count(.lock) == 0)
    }

    @Test("a stored token with the margin or less left is replaced: lock, read again, mint, store", arguments: [60.0, 30, 0, -5])
    func staleEntry(left: TimeInterval) async throws {
        let fixture = Fixture()
        fixture.store.put(fixture.token(expiringIn: left), for: fixture.key)
        let token = try await fixture.shared.fetchToken(TokenRequest())
        #expect(token.value == "token-1")
        #expect(fixture.inner.calls == 1)
        #expect(fixture.store.count(.lock) == 1)
        #expect(fixture.store.count(.slotRead) == 1)
        #expect(fixture.store.stored(for: fixture.key)?.value == "token-1")
        #expect(fixture.warnings.isEmpty)
    }

    @Test("the margin is capped at half the token's lifetime, as TokenCache caps its refresh window")
    func marginCappedByLifetime() async throws {
        let fixture = Fixture()
        fixture.store.put(fixture.token(expiringIn: 31, lifetime: 60), for: fixture.key)
        #expect(try await fixture.shared.fetchToken(TokenRequest()).value == "shared-token")
        fixture.clock.advance(by: 1)
        #expect(try await fixture.shared.fetchToken(TokenRequest()).value == "token-1")
    }

    @Test("a token served from the shared cache is never one TokenCache would refresh at once")
    func noImmediateRefreshAbove() async throws {
        let fixture = Fixture()
        fixture.store.put(fixture.token(expiringIn: 61), for: fixture.key)
        let cache = TokenCache(provider: fixture.shared, policy: .standard, now: fixture.clock.closure)
        #expect(try await cache.token().value == "shared-token")
        #expect(try await cache.token().value == "shared-token")
        #expect(await cache.statistics.exchanges == 1)
        #expect(fixture.inner.calls == 0)
    }

    @Test("a token another process stored while this one waited for the lock is served without an exchange")
    func readAgainUnderLock() async throws {
        let fixture = Fixture()
        fixture.store.put(fixture.token(expiringIn: 600), for: fixture.key, visibleWithoutLock: false)
        #expect(try await fixture.shared.fetchToken(TokenRequest()).value == "shared-token")
        #expect(fixture.inner.calls == 0)
        #expect(fixture.store.count(.lock) == 1)
    }

    @Test("the key covers the provider, the whole request and the fingerprint: other entries are never served")
    func keyCoversEverything() async throws {
        let fixture = Fixture()
        let other = SharedTokenProvider(provider: fixture.inner, store: fixture.store, name: "alpha", configurationFingerprint: "fp-2", now: fixture.clock.closure)
        fixture.store.put(fixture.token(expiringIn: 600), for: other.key(for: TokenRequest()))
        fixture.store.put(fixture.token(expiringIn: 600), for: fixture.shared.key(for: TokenRequest(sessionName: "u1")))
        fixture.store.put(fixture.token(expiringIn: 600), for: fixture.shared.key(for: TokenRequest(lifetime: 600)))
        fixture.store.put(fixture.token(expiringIn: 600), for: fixture.shared.key(for: TokenRequest(options: ["deviceId": "d"])))
        #expect(try await fixture.shared.fetchToken(TokenRequest()).value == "token-1")
        #expect(Set([
            other.key(for: TokenRequest()).digest, fixture.key.digest,
            fixture.shared.key(for: TokenRequest(sessionName: "u1")).digest,
            fixture.shared.key(for: TokenRequest(lifetime: 600)).digest,
            fixture.shared.key(for: TokenRequest(options: ["deviceId": "d"])).digest,
        ]).count == 5)
    }

    @Test("a token an API refused is not served again: the next fetch mints and replaces it in the store")
    func rejectedToken() async throws {
        let fixture = Fixture()
        let refused = fixture.token(expiringIn: 600)
        fixture.store.put(refused, for: fixture.key)
        #expect(try await fixture.shared.fetchToken(TokenRequest()) == refused)
        fixture.shared.reject(refused, for: TokenRequest(sessionName: "someone else"))
        #expect(try await fixture.shared.fetchToken(TokenRequest()) == refused, "another request's refusal changes nothing")
        fixture.shared.reject(refused, for: TokenRequest())
        #expect(try await fixture.shared.fetchToken(TokenRequest()).value == "token-1")
        #expect(fixture.store.stored(for: fixture.key)?.value == "token-1")
        #expect(try await fixture.shared.fetchToken(TokenRequest()).value == "token-1")
        #expect(fixture.inner.calls == 1)
    }

    @Test("the inner provider's error propagates unchanged, is not stored and is not a store warning")
    func providerErrorPropagates() async throws {
        let fixture = Fixture()
        fixture.inner.setFailing(true)
        let error = await #expect(throws: FakeExchangeError.self) { try await fixture.shared.fetchToken(TokenRequest()) }
        #expect(error == FakeExchangeError(call: 1))
        #expect(fixture.store.entryCount == 0)
        #expect(fixture.warnings.isEmpty)
    }

    @Test("any store failure still returns a token, minted here", arguments: [
        Set<MemoryTokenStore.Operation>([.read]), [.lock], [.slotRead], [.store], [.read, .lock], [.read, .slotRead, .store],
    ])
    func storeFailureMintsLocally(failing: Set<MemoryTokenStore.Operation>) async throws {
        let fixture = Fixture()
        fixture.store.setFailing(failing)
        let token = try await fixture.shared.fetchToken(TokenRequest())
        #expect(token.value == "token-1")
        #expect(fixture.inner.calls == 1)
        #expect(!fixture.warnings.isEmpty)
        #expect(fixture.warnings.allSatisfy { $0.message.contains("fix: stop injecting it") }, "the store's fix is in the warning")
    }

    // The holder waits for the caller it blocks: without the bound, this test never ends (hence the
    // time limit, generous for a loaded machine).
    @Test("a lock held past the timeout: this process mints its own token after the bound and warns", .timeLimit(.minutes(2)))
    func lockTimeout() async throws {
        let fixture = Fixture(lockTimeout: .milliseconds(100))
        let token = try await fixture.store.withLock(on: fixture.key, timeout: .seconds(1)) { _ in
            try await fixture.shared.fetchToken(TokenRequest())
        }
        #expect(token.value == "token-1")
        #expect(fixture.warnings.count == 1)
        #expect(fixture.warnings.first?.metadata["cause"]?.hasSuffix("StoreFault.lockTimeout") == true)
    }

    @Test("each cause is warned once; the first call that works again says so once; a new failure warns again")
    func warnOncePerCauseAndRecover() async throws {
        let fixture = Fixture(lifetime: 30)
        fixture.store.setFailing([.read])
        for _ in 0..<3 { _ = try await fixture.shared.fetchToken(TokenRequest()) }
        fixture.store.setFailing([.read, .store])
        fixture.clock.advance(by: 3600)
        for _ in 0..<3 { _ = try await fixture.shared.fetchToken(TokenRequest()) }
        #expect(fixture.inner.calls == 4)
        #expect(fixture.warnings.count == 2)
        #expect(fixture.recoveries.isEmpty)

        fixture.store.setFailing([])
        fixture.clock.advance(by: 3600)
        for _ in 0..<3 { _ = try await fixture.shared.fetchToken(TokenRequest()) }
        #expect(fixture.recoveries.count == 1)

        fixture.store.setFailing([.read])
        _ = try await fixture.shared.fetchToken(TokenRequest())
        #expect(fixture.warnings.count == 3)
    }

    @Test("no token value appears in any log line, whatever happens")
    func noTokenLogged() async throws {
        let fixture = Fixture(lifetime: 30)
        fixture.store.put(fixture.token(expiringIn: 600, value: "stored-secret-value"), for: fixture.key)
        _ = try await fixture.shared.fetchToken(TokenRequest())
        fixture.clock.advance(by: 3600)
        for failing: Set<MemoryTokenStore.Operation> in [[], [.read], [.store], [.slotRead], [.lock], []] {
            fixture.store.setFailing(failing)
            fixture.clock.advance(by: 3600)
            _ = try await fixture.shared.fetchToken(TokenRequest())
        }
        #expect(fixture.inner.calls > 0)
        #expect(!fixture.log.lines.isEmpty)
        for line in fixture.log.lines {
            #expect(!line.text.contains("stored-secret-value"))
            #expect(!line.text.contains("token-"), "\(line.text)")
        }
    }

    @Test("cancellation while waiting for the lock propagates as CancellationError, with no warning and no exchange")
    func cancellationPropagates() async throws {
        let fixture = Fixture(lockTimeout: .seconds(30))
        let holding = AsyncStream.makeStream(of: Void.self)
        let release = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await fixture.store.withLock(on: fixture.key, timeout: .seconds(1)) { _ in
                holding.continuation.yield()
                for await _ in release.stream { break }
            }
        }
        for await _ in holding.stream { break }
        let waiter = Task { try await fixture.shared.fetchToken(TokenRequest()) }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        release.continuation.finish()
        try await holder.value
        #expect(fixture.inner.calls == 0)
        #expect(fixture.warnings.isEmpty)
    }
}
