/// The names of the metrics Sesame emits through swift-metrics, with the dimensions each carries.
///
/// Every metric has a `provider` dimension (the provider's name in the registry); none carries a
/// token, a session name or any other value a caller passes in.
public enum MetricName {
    /// Counter: calls answered with a cached token without waiting.
    public static let cacheHits = "sesame_token_cache_hits"
    /// Counter: calls that waited for an exchange (a cold cache, an expired token).
    public static let cacheMisses = "sesame_token_cache_misses"
    /// Counter: token exchanges finished, with an `outcome` dimension: `success` or `failure`.
    public static let exchanges = "sesame_token_exchanges"
    /// Counter: refreshes ahead of expiry that failed while a valid token was still served.
    public static let refreshFailures = "sesame_token_refresh_failures"
    /// Timer: how long a token exchange took, retries included.
    public static let exchangeDuration = "sesame_token_exchange_duration"
    /// Gauge: seconds until the token just cached expires.
    public static let secondsUntilExpiry = "sesame_token_expires_in_seconds"
    /// Counter: API calls sent again with a new token after the API refused the first one.
    public static let authorizedCallRetries = "sesame_authorized_call_retries"
    /// Counter: API calls refused a second time, after the token was replaced.
    public static let authorizedCallRefusals = "sesame_authorized_call_refusals"
}
