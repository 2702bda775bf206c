import Foundation
import Logging
import ServiceLifecycle
import SesameCore

/// A swift-service-lifecycle `Service` that keeps tokens fresh in the background, so that no request
/// of a server waits on a token exchange, not even the first one after a quiet period.
///
/// For each ``Target`` it gets a token at start-up, then replaces it inside its refresh window
/// (``TokenCache/refreshWindow(for:)``) at a random point of the window's first half, so that many
/// replicas started together do not all refresh in the same second. Callers keep being served the
/// current token while the new one is fetched.
///
/// A failed refresh is logged (`warning`, with the error's message, which never holds a secret) and
/// tried again with a growing delay, up to a minute; it never ends the service or its group. On
/// graceful shutdown (or cancellation) it stops at once and returns.
///
/// ```swift
/// let broker = TokenBroker(registry: try Registry.load(file: "providers.json"))
/// let group = ServiceGroup(
///     services: [TokenRefreshService(broker: broker, providers: ["coze-cn"]), app],
///     gracefulShutdownSignals: [.sigterm],
///     logger: logger
/// )
/// try await group.run()
/// ```
public struct TokenRefreshService: Service {
    /// A token to keep fresh: a provider and the request it is for.
    public struct Target: Sendable, Hashable, CustomStringConvertible {
        /// The provider's name in the registry.
        public var provider: String
        /// Which token (session, lifetime, options).
        public var request: TokenRequest

        /// Creates a target.
        public init(provider: String, request: TokenRequest = TokenRequest()) {
            self.provider = provider
            self.request = request
        }

        /// The provider's name, and the session when there is one.
        public var description: String {
            request.sessionName.map { "\(provider) (session \($0))" } ?? provider
        }
    }

    private let broker: TokenBroker
    private let targets: [Target]
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void
    private let jitter: @Sendable () -> Double

    /// Creates a service that keeps `targets` fresh.
    ///
    /// - Parameters:
    ///   - now: the current time; give it the broker's clock.
    ///   - sleep: how the service waits; inject one in tests.
    ///   - jitter: a random fraction in 0...1 choosing where in the first half of the refresh window
    ///     a refresh happens.
    public init(
        broker: TokenBroker,
        targets: [Target],
        logger: Logger = Logger(label: "sesame.refresh", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.broker = broker
        self.targets = targets
        self.logger = logger
        self.now = now
        self.sleep = sleep
        self.jitter = jitter
    }

    /// Creates a service that keeps the default token (``TokenRequest()``) of each provider fresh.
    public init(
        broker: TokenBroker,
        providers: [String],
        logger: Logger = Logger(label: "sesame.refresh", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.init(broker: broker, targets: providers.map { Target(provider: $0) }, logger: logger)
    }

    /// Keeps every target fresh until graceful shutdown or cancellation; never throws a refresh error.
    ///
    /// - Throws: ``RegistryError`` at once when a target names a provider the broker does not have.
    public func run() async throws {
        let caches = try targets.map { (target: $0, cache: try broker.cache(for: $0.provider)) }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for (target, cache) in caches {
                    group.addTask { await keepFresh(target, in: cache) }
                }
            }
        }
    }

    private func keepFresh(_ target: Target, in cache: TokenCache) async {
        var failures = 0
        while !Task.isCancelled {
            let delay: Duration
            do {
                let token = try await cache.refreshIfDue(target.request)
                failures = 0
                delay = nextRefresh(of: token, in: cache)
                logger.debug("token fresh", metadata: ["target": "\(target)", "next_refresh_in": "\(delay)"])
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                delay = .seconds(min(1 << min(failures - 1, 6), 60))
                logger.warning("cannot refresh the token; serving the current one while it lasts and trying again", metadata: [
                    "target": "\(target)", "error": "\(error)", "failures": "\(failures)", "retry_in": "\(delay)",
                ])
            }
            do {
                try await sleep(delay)
            } catch {
                return
            }
        }
    }

    /// The wait until a point in the first half of `token`'s refresh window.
    private func nextRefresh(of token: AccessToken, in cache: TokenCache) -> Duration {
        let window = cache.refreshWindow(for: token)
        let span = max(window.end.timeIntervalSince(window.start), 0)
        let target = window.start.addingTimeInterval(span / 2 * min(max(jitter(), 0), 1))
        let seconds = max(target.timeIntervalSince(now()), 0)
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
