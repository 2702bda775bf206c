import CoreMetrics
import Foundation
import Logging
import Synchronization

/// Reuses tokens from any ``AuthProvider``: one exchange in flight per request, refreshed ahead of
/// expiry, with a bounded number of cached requests.
///
/// Behaviour, per ``TokenRequest``:
/// - **Single flight.** While an exchange is in flight, every caller for the same request awaits it;
///   1,000 concurrent callers on a cold cache cause exactly one exchange.
/// - **Refresh ahead.** A token inside its refresh window is still served at once while one
///   background exchange replaces it, so callers do not stall at expiry.
/// - **Errors are not cached.** A failed exchange reaches every caller that awaited it; the next call
///   tries again. A failed refresh-ahead keeps serving the still-valid token.
/// - **Cancellation.** A cancelled caller stops waiting at once, with `CancellationError`; the shared
///   exchange continues for the others. ``shutdown()`` cancels exchanges in flight.
/// - **Bounded.** At most ``Policy/maxEntries`` requests are kept (many end-user sessions cannot grow
///   memory without limit); expired entries go first, then the least recently used.
///
/// Time comes from an injected `now` closure, so tests control expiry without sleeping. Hits,
/// misses, exchanges and their duration are reported through swift-metrics (see ``MetricName``).
///
/// A hit does not enter the actor: servable tokens are also kept under a lock, which a call reads on
/// its caller's executor, so a hit costs a lock and a dictionary lookup rather than two executor hops,
/// and allocates nothing. Everything else (misses, tokens due for a refresh, expiry) goes through the
/// actor, which is the only writer of tokens.
public actor TokenCache {
    /// When tokens are refreshed and how many are kept.
    public struct Policy: Sendable {
        /// How long before expiry a background refresh starts (capped at half the token's lifetime).
        public var refreshAhead: TimeInterval
        /// How long before expiry a token stops being served at all (capped at a quarter of its
        /// lifetime): covers clock skew and the time the caller's own request takes.
        public var expiryMargin: TimeInterval
        /// The most requests kept. At least 1.
        public var maxEntries: Int

        /// The default: refresh 60 s ahead, stop serving 10 s before expiry, keep 1,024 requests.
        public static let standard = Policy()

        /// Creates a policy.
        public init(refreshAhead: TimeInterval = 60, expiryMargin: TimeInterval = 10, maxEntries: Int = 1024) {
            precondition(maxEntries >= 1, "TokenCache.Policy.maxEntries must be at least 1")
            self.refreshAhead = refreshAhead
            self.expiryMargin = expiryMargin
            self.maxEntries = maxEntries
        }
    }

    /// Counters for observing the cache (demos, tests, metrics).
    public struct Statistics: Sendable, Equatable {
        /// Calls answered with a cached token without waiting.
        public var hits = 0
        /// Calls that waited for an exchange.
        public var waits = 0
        /// Exchanges started (foreground and refresh-ahead).
        public var exchanges = 0
        /// Exchanges that failed.
        public var failures = 0
        /// Entries dropped to respect ``Policy/maxEntries``.
        public var evictions = 0
    }

    private let provider: any AuthProvider
    private let policy: Policy
    private let metrics: TokenCacheMetrics
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var entries: [TokenRequest: Entry] = [:]
    private var nextID: UInt64 = 0
    private var isShutDown = false
    private var counters = Statistics()
    /// The tokens a call may take without entering the actor; the actor publishes every change.
    private let served = Mutex(ServedTokens())

    /// The counters so far.
    public var statistics: Statistics {
        var statistics = counters
        statistics.hits = served.withLock { $0.hits }
        return statistics
    }

    /// Creates a cache in front of `provider`.
    ///
    /// - Parameters:
    ///   - name: the provider's name, the `provider` dimension of every metric.
    ///   - now: the current time; inject a controllable clock in tests.
    ///   - logger: receives debug events (never token values).
    ///   - metrics: where the cache's metrics go; by default the factory bootstrapped in `MetricsSystem`.
    public init(
        provider: any AuthProvider,
        name: String = "default",
        policy: Policy = .standard,
        logger: Logger = Logger(label: "sesame.cache", factory: { _ in SwiftLogNoOpLogHandler() }),
        metrics: (any MetricsFactory)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.provider = provider
        self.policy = policy
        self.logger = logger
        self.metrics = TokenCacheMetrics(provider: name, factory: metrics ?? MetricsSystem.factory)
        self.now = now
    }

    /// A valid token for `request`: cached, or from the exchange in flight, or from a new exchange.
    ///
    /// - Throws: the provider's error when the exchange this call waited for failed;
    ///   `CancellationError` when the calling task is cancelled while waiting or the cache is shut down.
    nonisolated(nonsending) public func token(for request: TokenRequest = TokenRequest()) async throws -> AccessToken {
        let time = now()
        if let token = served.withLock({ $0.serve(request, at: time) }) {
            metrics.hits.increment()
            return token
        }
        return try await tokenFromActor(for: request)
    }

    /// ``token(for:)`` when the lock-protected slots could not answer: the actor decides.
    private func tokenFromActor(for request: TokenRequest) async throws -> AccessToken {
        guard !isShutDown else { throw CancellationError() }
        let time = now()
        let refresh: Refresh
        switch entries[request]?.state {
        case .fresh(let token) where isUsable(token, at: time):
            touch(request)
            served.withLock { $0.countHit() }
            metrics.hits.increment()
            if isDueForRefresh(token, at: time) {
                entries[request]?.state = .refreshingAhead(token, startRefresh(request))
                publish(request)
            }
            return token
        case .refreshingAhead(let token, _) where isUsable(token, at: time):
            touch(request)
            served.withLock { $0.countHit() }
            metrics.hits.increment()
            return token
        case .refreshingAhead(_, let inFlight), .refreshing(let inFlight):
            touch(request)
            refresh = inFlight
        case .fresh, nil:
            refresh = startColdRefresh(request, at: time)
            touch(request)
        }
        counters.waits += 1
        metrics.misses.increment()
        return try await wait(for: refresh, of: request)
    }

    /// Drops the cached token for `request` (e.g. after the API rejected it); an exchange in flight
    /// is left to finish.
    public func invalidate(_ request: TokenRequest) {
        if case .fresh = entries[request]?.state {
            entries[request] = nil
        } else if case .refreshingAhead(_, let refresh) = entries[request]?.state {
            entries[request]?.state = .refreshing(refresh)
        }
        publish(request)
    }

    /// Drops the cached token for `request` only if it is still `rejected`, the token an API just
    /// refused.
    ///
    /// Many calls that used the same token may be refused at once; the first invalidation drops it
    /// and the next ``token(for:)`` starts one exchange. Invalidations that arrive after a newer token
    /// was cached leave that token alone, so a burst of refusals costs one exchange, not one each.
    ///
    /// - Returns: whether the token was dropped.
    @discardableResult
    public func invalidate(_ request: TokenRequest, rejected: AccessToken) -> Bool {
        switch entries[request]?.state {
        case .fresh(let token) where token.value == rejected.value:
            entries[request] = nil
            publish(request)
            return true
        case .refreshingAhead(let token, let refresh) where token.value == rejected.value:
            entries[request]?.state = .refreshing(refresh)
            publish(request)
            return true
        default:
            return false
        }
    }

    /// Replaces the token for `request` ahead of its expiry when it is inside its refresh window (or
    /// absent), and returns the token callers will be served next.
    ///
    /// Other callers keep getting the current token while the exchange runs, so nobody waits on it.
    /// A token not yet due is returned as is. Used by a background refresher
    /// (`TokenRefreshService`) so that a quiet period never leaves an expired token behind.
    ///
    /// - Throws: the provider's error when the exchange fails (the still-valid token stays cached);
    ///   `CancellationError` as for ``token(for:)``.
    public func refreshIfDue(_ request: TokenRequest) async throws -> AccessToken {
        guard !isShutDown else { throw CancellationError() }
        let time = now()
        let refresh: Refresh
        switch entries[request]?.state {
        case .fresh(let token) where isUsable(token, at: time) && !isDueForRefresh(token, at: time):
            return token
        case .fresh(let token) where isUsable(token, at: time):
            refresh = startRefresh(request)
            entries[request]?.state = .refreshingAhead(token, refresh)
            publish(request)
        case .refreshingAhead(_, let inFlight), .refreshing(let inFlight):
            refresh = inFlight
        case .fresh, nil:
            refresh = startColdRefresh(request, at: time)
        }
        touch(request)
        return try await wait(for: refresh, of: request)
    }

    /// When a background refresher should replace `token`: the start of its refresh window, the
    /// same instant at which a call would start a refresh-ahead.
    public nonisolated func refreshWindow(for token: AccessToken) -> (start: Date, end: Date) {
        let window = min(policy.refreshAhead, max(token.lifetime, 0) / 2)
        let margin = min(policy.expiryMargin, max(token.lifetime, 0) / 4)
        return (token.expiresAt.addingTimeInterval(-window), token.expiresAt.addingTimeInterval(-margin))
    }

    /// Cancels every exchange in flight (their waiters receive `CancellationError`) and refuses
    /// further calls.
    public func shutdown() {
        isShutDown = true
        let closing = entries.values
        entries.removeAll()
        served.withLock { $0.removeAll() }
        for entry in closing {
            switch entry.state {
            case .refreshing(let refresh), .refreshingAhead(_, let refresh): refresh.task.cancel()
            case .fresh: break
            }
            for continuation in entry.waiters.values {
                continuation.resume(throwing: CancellationError())
            }
        }
    }

    /// The number of requests currently cached or in flight.
    public var count: Int { entries.count }

    // MARK: - State

    private struct Refresh {
        let id: UInt64
        let task: Task<Void, Never>
    }

    private enum State {
        /// No usable token; callers wait for `Refresh`.
        case refreshing(Refresh)
        /// A token to serve.
        case fresh(AccessToken)
        /// A token to serve while `Refresh` replaces it.
        case refreshingAhead(AccessToken, Refresh)
    }

    private struct Entry {
        var state: State
        var lastUsed: UInt64
        var waiters: [UInt64: CheckedContinuation<AccessToken, any Error>] = [:]
    }

    private func makeID() -> UInt64 {
        nextID += 1
        return nextID
    }

    private func touch(_ request: TokenRequest) {
        let stamp = served.withLock { $0.stamp(request) }
        entries[request]?.lastUsed = stamp
    }

    /// Copies `request`'s servable token (or its absence) to the slots read outside the actor.
    private func publish(_ request: TokenRequest) {
        let slot: ServedTokens.Slot?
        switch entries[request] {
        case let entry?:
            switch entry.state {
            case .fresh(let token):
                let window = refreshWindow(for: token)
                slot = .init(token: token, usableUntil: window.end, refreshFrom: window.start, lastUsed: entry.lastUsed)
            case .refreshingAhead(let token, _):
                slot = .init(token: token, usableUntil: refreshWindow(for: token).end, refreshFrom: nil, lastUsed: entry.lastUsed)
            case .refreshing:
                slot = nil
            }
        case nil:
            slot = nil
        }
        served.withLock { $0.publish(request, slot) }
    }

    /// When `request` was last served, by the actor or from the slots.
    private func lastUsed(_ request: TokenRequest, entry: Entry) -> UInt64 {
        max(entry.lastUsed, served.withLock { $0.lastUsed(request) } ?? 0)
    }

    // MARK: - Timing

    private func isUsable(_ token: AccessToken, at time: Date) -> Bool {
        time < refreshWindow(for: token).end
    }

    private func isDueForRefresh(_ token: AccessToken, at time: Date) -> Bool {
        time >= refreshWindow(for: token).start
    }

    // MARK: - Exchanges

    /// Starts the exchange for a request with no usable token, making room for it first.
    private func startColdRefresh(_ request: TokenRequest, at time: Date) -> Refresh {
        makeRoom(for: request, at: time)
        let refresh = startRefresh(request)
        entries[request, default: Entry(state: .refreshing(refresh), lastUsed: 0)].state = .refreshing(refresh)
        publish(request)
        return refresh
    }

    private func startRefresh(_ request: TokenRequest) -> Refresh {
        let id = makeID()
        counters.exchanges += 1
        logger.debug("token exchange started", metadata: ["exchange": "\(id)"])
        let task = Task { [provider, metrics] in
            let started = ContinuousClock.now
            let result: Result<AccessToken, any Error>
            do {
                result = .success(try await provider.fetchToken(request))
            } catch {
                result = .failure(error)
            }
            metrics.exchangeDuration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            self.complete(request, exchange: id, with: result)
        }
        return Refresh(id: id, task: task)
    }

    private func complete(_ request: TokenRequest, exchange id: UInt64, with result: Result<AccessToken, any Error>) {
        guard var entry = entries[request] else { return }
        let previous: AccessToken?
        switch entry.state {
        case .refreshing(let refresh) where refresh.id == id: previous = nil
        case .refreshingAhead(let token, let refresh) where refresh.id == id: previous = token
        default: return
        }
        let waiters = entry.waiters
        entry.waiters = [:]
        switch result {
        case .success(let token):
            entry.state = .fresh(token)
            entries[request] = entry
            publish(request)
            metrics.succeeded.increment()
            metrics.secondsUntilExpiry.record(token.expiresAt.timeIntervalSince(now()))
            logger.debug("token exchange succeeded", metadata: ["exchange": "\(id)"])
        case .failure(let error):
            counters.failures += 1
            metrics.failed.increment()
            if let previous {
                metrics.refreshFailures.increment()
                entry.state = .fresh(previous)
                entries[request] = entry
            } else {
                entries[request] = nil
            }
            publish(request)
            logger.debug("token exchange failed", metadata: ["exchange": "\(id)", "error": "\(type(of: error))"])
        }
        for continuation in waiters.values {
            continuation.resume(with: result)
        }
    }

    private func wait(for refresh: Refresh, of request: TokenRequest) async throws -> AccessToken {
        let waiterID = makeID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    entries[request]?.waiters[waiterID] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(waiterID, of: request) }
        }
    }

    private func cancelWaiter(_ waiterID: UInt64, of request: TokenRequest) {
        entries[request]?.waiters.removeValue(forKey: waiterID)?.resume(throwing: CancellationError())
    }

    // MARK: - Bound

    private func makeRoom(for request: TokenRequest, at time: Date) {
        guard entries[request] == nil, entries.count >= policy.maxEntries else { return }
        var idle: [(request: TokenRequest, lastUsed: UInt64, expired: Bool)] = []
        for (key, entry) in entries {
            if case .fresh(let token) = entry.state {
                idle.append((key, lastUsed(key, entry: entry), !isUsable(token, at: time)))
            }
        }
        let expired = idle.filter(\.expired)
        if !expired.isEmpty {
            for item in expired {
                entries[item.request] = nil
                publish(item.request)
            }
            counters.evictions += expired.count
        } else if let oldest = idle.min(by: { $0.lastUsed < $1.lastUsed }) {
            entries[oldest.request] = nil
            publish(oldest.request)
            counters.evictions += 1
        }
        // When every entry has an exchange in flight, the cache briefly exceeds its bound rather than
        // abandoning waiters; the bound is restored as those exchanges finish and entries age out.
    }
}
