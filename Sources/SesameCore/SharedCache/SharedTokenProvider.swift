import Foundation
import Logging
import Synchronization

/// An ``AuthProvider`` that shares the tokens of another provider with every process (and host)
/// using the same ``SharedTokenStore``: the layer below ``TokenCache``.
///
/// Per request, under a ``SharedTokenKey`` made of the provider's name, the request and the
/// provider's configuration fingerprint:
/// 1. The stored token is read without a lock; when it has more than the margin left (see
///    ``isFresh(_:)``), it is returned.
/// 2. Otherwise the key's lock is taken (waiting at most the lock timeout) and the entry read again:
///    another process may have just stored a token. Still stale: the inner provider mints one, it is
///    stored, and returned. So N processes on a cold cache cause one exchange.
///
/// **Failure never costs a token.** Any store error (unreachable, corrupted entry, lock timeout,
/// full disk) makes this process mint (or return the token it already minted) and is warned once
/// per cause, with the store's fix; the first call that works again says so once. The inner
/// provider's own errors propagate unchanged. Cancellation propagates. Tokens are never logged.
///
/// Minting stays the inner provider's job and reuse within a process ``TokenCache``'s: put this
/// provider under a `TokenCache` (``TokenBroker`` does, when the registry has a `tokenCache`).
public struct SharedTokenProvider: AuthProvider {
    /// How long a caller waits for another process's exchange before minting its own, by default.
    public static let defaultLockTimeout: Duration = .seconds(10)

    private let provider: any AuthProvider
    private let store: any SharedTokenStore
    private let name: String
    private let configurationFingerprint: String
    private let margin: TimeInterval
    private let lockTimeout: Duration
    private let logger: Logger
    private let health: SharedCacheHealth
    private let rejected = RejectedTokens()
    private let now: @Sendable () -> Date

    /// Creates a provider sharing `provider`'s tokens through `store`.
    ///
    /// - Parameters:
    ///   - name: the provider's name in the registry (part of the key).
    ///   - configurationFingerprint: the provider's ``Registry/Provider/configurationFingerprint``
    ///     (part of the key).
    ///   - margin: a stored token is served only with more than this left (capped at half its
    ///     lifetime); by default ``TokenCache``'s standard refresh-ahead window, so a shared token is
    ///     never one the cache above would refresh at once. Pass your policy's `refreshAhead`.
    ///   - lockTimeout: the longest wait for another process's exchange; then this process mints.
    ///   - logger: receives the once-per-cause warnings and debug events (never a token).
    ///   - now: the current time; inject a controllable clock in tests.
    public init(
        provider: any AuthProvider,
        store: any SharedTokenStore,
        name: String,
        configurationFingerprint: String,
        margin: TimeInterval = TokenCache.Policy.standard.refreshAhead,
        lockTimeout: Duration = SharedTokenProvider.defaultLockTimeout,
        logger: Logger = Logger(label: "sesame.shared-cache", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            provider: provider, store: store, name: name, configurationFingerprint: configurationFingerprint,
            margin: margin, lockTimeout: lockTimeout, logger: logger, health: SharedCacheHealth(logger: logger), now: now
        )
    }

    /// Creates a provider whose warnings are shared with others over the same store (one warning per
    /// cause for a whole broker).
    package init(
        provider: any AuthProvider,
        store: any SharedTokenStore,
        name: String,
        configurationFingerprint: String,
        margin: TimeInterval,
        lockTimeout: Duration,
        logger: Logger,
        health: SharedCacheHealth,
        now: @escaping @Sendable () -> Date
    ) {
        self.provider = provider
        self.store = store
        self.name = name
        self.configurationFingerprint = configurationFingerprint
        self.margin = margin
        self.lockTimeout = lockTimeout
        self.logger = logger
        self.health = health
        self.now = now
    }

    /// The key `request`'s token is stored under.
    public func key(for request: TokenRequest) -> SharedTokenKey {
        SharedTokenKey(provider: name, request: request, configurationFingerprint: configurationFingerprint)
    }

    /// Whether `token` may be served from the shared cache: more than the margin left, the margin
    /// capped at half the token's lifetime (as ``TokenCache`` caps its refresh-ahead window).
    public func isFresh(_ token: AccessToken) -> Bool {
        let left = token.expiresAt.timeIntervalSince(now())
        return left > min(margin, max(token.lifetime, 0) / 2)
    }

    /// Records that an API refused `token` (revoked, or otherwise rejected before its expiry): it is
    /// never served from the shared cache again, and the next fetch for `request` mints a new token
    /// and replaces it in the store. ``TokenBroker/invalidate(_:_:rejected:)`` calls this.
    public func reject(_ token: AccessToken, for request: TokenRequest) {
        rejected.insert(token, for: key(for: request))
    }

    /// A token for `request`: a fresh shared one, else one minted by the inner provider and stored.
    ///
    /// - Throws: the inner provider's error, unchanged; `CancellationError` when cancelled. Never a
    ///   store error.
    public func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        let key = key(for: request)
        var failed = false
        do {
            if let token = try await store.token(for: key), isServable(token, key) {
                logger.debug("shared token cache hit", metadata: ["provider": "\(name)", "key": "\(key.digest.prefix(8))"])
                health.succeeded(provider: name)
                return token
            }
        } catch {
            try rethrowIfCancelled(error)
            health.failed(error, operation: "read the token cache", provider: name)
            failed = true
        }
        let outcome = Outcome.Box()
        do {
            try await store.withLock(on: key, timeout: lockTimeout) { slot in
                await fetchLocked(request, key: key, slot: slot, into: outcome)
            }
        } catch {
            try rethrowIfCancelled(error)
            health.failed(error, operation: "lock the token cache", provider: name)
            failed = true
        }
        switch outcome.value {
        case .served(let token, let slotFailed), .minted(let token, let slotFailed):
            if !failed && !slotFailed { health.succeeded(provider: name) }
            return token
        case .providerFailed(let error):
            throw error
        case nil:
            logger.debug("shared token cache unavailable; minting locally", metadata: ["provider": "\(name)", "key": "\(key.digest.prefix(8))"])
            return try await provider.fetchToken(request)
        }
    }

    /// Step 2, under the key's lock: read again, else mint and store. Store errors are recorded,
    /// never thrown, so that whatever `withLock` throws is the store's.
    private func fetchLocked(_ request: TokenRequest, key: SharedTokenKey, slot: any SharedTokenSlot, into outcome: Outcome.Box) async {
        var slotFailed = false
        do {
            if let token = try await slot.token(), isServable(token, key) {
                logger.debug("shared token cache hit after waiting for the lock", metadata: ["provider": "\(name)", "key": "\(key.digest.prefix(8))"])
                outcome.set(.served(token, slotFailed: false))
                return
            }
        } catch {
            health.failed(error, operation: "read the token cache", provider: name)
            slotFailed = true
        }
        let token: AccessToken
        do {
            token = try await provider.fetchToken(request)
        } catch {
            outcome.set(.providerFailed(error))
            return
        }
        do {
            try await slot.store(token)
            rejected.clear(key)
            logger.debug("token minted and shared", metadata: ["provider": "\(name)", "key": "\(key.digest.prefix(8))"])
        } catch {
            health.failed(error, operation: "store a token in the token cache", provider: name)
            slotFailed = true
        }
        outcome.set(.minted(token, slotFailed: slotFailed))
    }

    private func isServable(_ token: AccessToken, _ key: SharedTokenKey) -> Bool {
        isFresh(token) && !rejected.contains(token, for: key)
    }

    private func rethrowIfCancelled(_ error: any Error) throws {
        if error is CancellationError || Task.isCancelled { throw CancellationError() }
    }

    /// What the locked step came to, kept outside `withLock` so that a store failing after the body
    /// (on unlock, on commit) still returns the token already minted.
    private enum Outcome: Sendable {
        case served(AccessToken, slotFailed: Bool)
        case minted(AccessToken, slotFailed: Bool)
        case providerFailed(any Error)

        final class Box: Sendable {
            private let state = Mutex<Outcome?>(nil)
            var value: Outcome? { state.withLock { $0 } }
            func set(_ outcome: Outcome) { state.withLock { $0 = outcome } }
        }
    }
}
