import Foundation

/// How a provider repeats a failed exchange: bounded attempts, jittered exponential backoff,
/// `Retry-After` honoured, and a cap on the total time spent waiting.
public struct RetryPolicy: Sendable {
    /// The most attempts made in all, the first included. At least 1.
    public var maxAttempts: Int
    /// The backoff ceiling before the second attempt; it doubles for each further one.
    public var initialBackoff: Duration
    /// The largest backoff between two attempts (a server's `Retry-After` may ask for more).
    public var maxBackoff: Duration
    /// The most time spent waiting between attempts in all; a wait that would exceed it ends the retries.
    public var maxTotalWait: Duration
    /// Suspends the caller; replaced in tests to observe waits without sleeping.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// The default: 3 attempts, backoff from 200 ms up to 5 s, at most 30 s of waiting in all.
    public static let standard = RetryPolicy()

    /// A policy that never retries.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Creates a policy.
    public init(
        maxAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(200),
        maxBackoff: Duration = .seconds(5),
        maxTotalWait: Duration = .seconds(30),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        precondition(maxAttempts >= 1, "RetryPolicy.maxAttempts must be at least 1")
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxTotalWait = maxTotalWait
        self.sleep = sleep
    }

    /// Runs `operation` until it succeeds, `advice` says its error is final, attempts run out or the
    /// wait budget would be exceeded; then rethrows the last error.
    ///
    /// `operation` receives the attempt number, starting at 1. `advice` returns `nil` for a final
    /// error, or a ``RetryAdvice`` for a transient one.
    public func run<Value>(
        _ operation: (_ attempt: Int) async throws -> Value,
        advice: (any Error) -> RetryAdvice?
    ) async throws -> Value {
        var waited = Duration.zero
        var attempt = 1
        while true {
            do {
                return try await operation(attempt)
            } catch {
                guard attempt < maxAttempts, let hint = advice(error) else { throw error }
                let delay = max(backoff(beforeAttempt: attempt + 1), hint.retryAfter ?? .zero)
                guard waited + delay <= maxTotalWait else { throw error }
                try await sleep(delay)
                waited += delay
                attempt += 1
            }
        }
    }

    /// A random backoff ("full jitter") below the exponential ceiling for `attempt`.
    func backoff(beforeAttempt attempt: Int) -> Duration {
        let exponent = min(attempt - 2, 30)
        let ceiling = min(initialBackoff * (1 << exponent), maxBackoff)
        let ceilingNanoseconds = ceiling.nanoseconds
        guard ceilingNanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...ceilingNanoseconds))
    }
}

/// Says that a failed attempt may be repeated, and how long the server asked to wait.
public struct RetryAdvice: Sendable, Equatable {
    /// The server's `Retry-After`, if it sent one; the next attempt waits at least this long.
    public var retryAfter: Duration?

    /// Creates advice.
    public init(retryAfter: Duration? = nil) {
        self.retryAfter = retryAfter
    }

    /// Parses an HTTP `Retry-After` value in delta-seconds (the HTTP-date form is treated as absent).
    public static func parseRetryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return .seconds(min(seconds, 3600))
    }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled + attoseconds / 1_000_000_000
    }
}
