extension ConfigSection {
    /// `timeout`: how long one exchange may take, in seconds (1-300); `seconds` when absent. A value
    /// out of range is reported.
    public func exchangeTimeout(default seconds: Int = 10) -> Duration {
        .seconds(integer("timeout", in: 1...300) ?? seconds)
    }

    /// `maxAttempts`: the attempts an exchange makes in all (1-10), over ``RetryPolicy/standard``. A
    /// value out of range is reported.
    public func retryPolicy() -> RetryPolicy {
        var retry = RetryPolicy.standard
        if let maxAttempts = integer("maxAttempts", in: 1...10) { retry.maxAttempts = maxAttempts }
        return retry
    }
}
