import CoreMetrics
import Foundation
import Logging

/// Tokens for every provider of a ``Registry``, each behind its own ``TokenCache``, and below it the
/// registry's shared token cache when it has one (``SharedTokenProvider``, with `policy.refreshAhead`
/// as its margin and one warning per cause for the whole broker).
///
/// The usual entry point for a server: build one broker at start-up and ask it for tokens by
/// provider name.
/// ```swift
/// let broker = TokenBroker(registry: try Registry.load(file: "providers.json", plugins: .builtIn))
/// let token = try await broker.token(for: "coze-cn", TokenRequest(sessionName: user.id))
/// ```
public final class TokenBroker: Sendable {
    /// The registry the providers come from.
    public let registry: Registry
    private let caches: [String: TokenCache]
    /// The shared-cache layer under each cache, when the registry has a `tokenCache`.
    private let sharedProviders: [String: SharedTokenProvider]

    /// Creates a broker with one cache per provider of `registry`.
    ///
    /// - Parameters:
    ///   - logger: the caches' debug events and the shared token cache's warnings (never a token).
    ///   - metrics: where the caches' metrics go (see ``MetricName``); by default the factory
    ///     bootstrapped in `MetricsSystem`.
    public init(
        registry: Registry,
        policy: TokenCache.Policy = .standard,
        logger: Logger = Logger(label: "sesame.cache", factory: { _ in SwiftLogNoOpLogHandler() }),
        metrics: (any MetricsFactory)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.registry = registry
        var caches: [String: TokenCache] = [:]
        var sharedProviders: [String: SharedTokenProvider] = [:]
        let health = SharedCacheHealth(logger: logger)
        for (name, entry) in registry.providers {
            var provider = entry.provider
            if let shared = registry.tokenCache {
                let sharing = SharedTokenProvider(
                    provider: entry.provider, store: shared.store, name: name, configurationFingerprint: entry.configurationFingerprint,
                    margin: policy.refreshAhead, lockTimeout: SharedTokenProvider.defaultLockTimeout, logger: logger, health: health, now: now
                )
                sharedProviders[name] = sharing
                provider = sharing
            }
            caches[name] = TokenCache(provider: provider, name: name, policy: policy, logger: logger, metrics: metrics, now: now)
        }
        self.caches = caches
        self.sharedProviders = sharedProviders
    }

    /// A valid token from provider `name`, cached where possible.
    ///
    /// - Throws: ``RegistryError`` (`.unknownProvider`) for an unknown name, else the provider's error.
    public func token(for name: String, _ request: TokenRequest = TokenRequest()) async throws -> AccessToken {
        try await cache(for: name).token(for: request)
    }

    /// Drops `rejected` from provider `name`'s cache if it is still the token cached for `request`;
    /// see ``TokenCache/invalidate(_:rejected:)``. With a shared token cache, `rejected` is also never
    /// served from it again (``SharedTokenProvider/reject(_:for:)``), so the next exchange mints.
    ///
    /// - Throws: ``RegistryError`` (`.unknownProvider`) for an unknown name.
    @discardableResult
    public func invalidate(_ name: String, _ request: TokenRequest = TokenRequest(), rejected: AccessToken) async throws -> Bool {
        let cache = try cache(for: name)
        sharedProviders[name]?.reject(rejected, for: request)
        return await cache.invalidate(request, rejected: rejected)
    }

    /// The cache in front of provider `name`.
    public func cache(for name: String) throws -> TokenCache {
        if let cache = caches[name] { return cache }
        _ = try registry.provider(named: name)
        preconditionFailure("every provider of the registry has a cache")
    }

    /// Shuts every cache down; exchanges in flight are cancelled.
    public func shutdown() async {
        for cache in caches.values { await cache.shutdown() }
    }
}
