import CoreMetrics
import Foundation

/// The metrics of one provider's ``TokenCache``, created once so that the hot path only increments.
struct TokenCacheMetrics: Sendable {
    let hits: Counter
    let misses: Counter
    let succeeded: Counter
    let failed: Counter
    let refreshFailures: Counter
    let exchangeDuration: CoreMetrics.Timer
    let secondsUntilExpiry: Gauge

    init(provider: String, factory: any MetricsFactory) {
        let dimensions = [("provider", provider)]
        hits = Counter(label: MetricName.cacheHits, dimensions: dimensions, factory: factory)
        misses = Counter(label: MetricName.cacheMisses, dimensions: dimensions, factory: factory)
        succeeded = Counter(label: MetricName.exchanges, dimensions: dimensions + [("outcome", "success")], factory: factory)
        failed = Counter(label: MetricName.exchanges, dimensions: dimensions + [("outcome", "failure")], factory: factory)
        refreshFailures = Counter(label: MetricName.refreshFailures, dimensions: dimensions, factory: factory)
        exchangeDuration = CoreMetrics.Timer(label: MetricName.exchangeDuration, dimensions: dimensions, factory: factory)
        secondsUntilExpiry = Gauge(label: MetricName.secondsUntilExpiry, dimensions: dimensions, factory: factory)
    }
}
