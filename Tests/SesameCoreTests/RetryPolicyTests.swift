import SesameCore
import Synchronization
import Testing

@Suite("RetryPolicy")
struct RetryPolicyTests {
    /// Records the waits a policy asks for instead of sleeping.
    final class SleepRecorder: Sendable {
        private let log = Mutex<[Duration]>([])
        var waits: [Duration] { log.withLock { $0 } }
        var total: Duration { waits.reduce(.zero, +) }
        var sleep: @Sendable (Duration) async throws -> Void {
            { duration in self.log.withLock { $0.append(duration) } }
        }
    }

    struct AttemptFailed: Error, Equatable {
        let attempt: Int
    }

    /// Runs `policy` on an operation that fails every time, returning the attempts made and the error thrown.
    static func runFailing(
        _ policy: RetryPolicy,
        advice: @escaping (any Error) -> RetryAdvice? = { _ in RetryAdvice() }
    ) async -> (attempts: [Int], error: (any Error)?) {
        var attempts: [Int] = []
        do {
            let _: Int = try await policy.run({ attempt in
                attempts.append(attempt)
                throw AttemptFailed(attempt: attempt)
            }, advice: advice)
            return (attempts, nil)
        } catch {
            return (attempts, error)
        }
    }

    @Test("transient errors are retried up to maxAttempts, then the last error is rethrown", arguments: [1, 2, 3, 5])
    func retriesUpToMaxAttempts(maxAttempts: Int) async {
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(maxAttempts: maxAttempts, sleep: sleeper.sleep)
        let (attempts, error) = await Self.runFailing(policy)
        #expect(attempts == Array(1...maxAttempts))
        #expect(error as? AttemptFailed == AttemptFailed(attempt: maxAttempts))
        #expect(sleeper.waits.count == maxAttempts - 1)
    }

    @Test("an operation that succeeds after transient failures returns its value")
    func succeedsAfterRetries() async throws {
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(maxAttempts: 5, sleep: sleeper.sleep)
        var attempts: [Int] = []
        let value = try await policy.run({ attempt in
            attempts.append(attempt)
            if attempt < 3 { throw AttemptFailed(attempt: attempt) }
            return "ok"
        }, advice: { _ in RetryAdvice() })
        #expect(value == "ok")
        #expect(attempts == [1, 2, 3])
        #expect(sleeper.waits.count == 2)
    }

    @Test("a final error (advice nil) stops at once, without waiting")
    func finalErrorStops() async {
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(maxAttempts: 5, sleep: sleeper.sleep)
        let (attempts, error) = await Self.runFailing(policy, advice: { _ in nil })
        #expect(attempts == [1])
        #expect(error as? AttemptFailed == AttemptFailed(attempt: 1))
        #expect(sleeper.waits.isEmpty)
    }

    @Test("advice decides per error: a final error after transient ones ends the retries")
    func adviceIsPerError() async {
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(maxAttempts: 10, sleep: sleeper.sleep)
        let (attempts, error) = await Self.runFailing(policy, advice: { error in
            (error as? AttemptFailed)?.attempt == 3 ? nil : RetryAdvice()
        })
        #expect(attempts == [1, 2, 3])
        #expect(error as? AttemptFailed == AttemptFailed(attempt: 3))
        #expect(sleeper.waits.count == 2)
    }

    @Test("every wait lasts at least the server's Retry-After, even beyond maxBackoff")
    func honoursRetryAfter() async {
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(
            maxAttempts: 4, initialBackoff: .milliseconds(100), maxBackoff: .seconds(1),
            maxTotalWait: .seconds(60), sleep: sleeper.sleep
        )
        let (attempts, _) = await Self.runFailing(policy, advice: { _ in RetryAdvice(retryAfter: .seconds(7)) })
        #expect(attempts.count == 4)
        #expect(sleeper.waits.count == 3)
        for wait in sleeper.waits {
            #expect(wait >= .seconds(7))
        }
    }

    @Test("backoff stays below the doubling ceiling and never exceeds maxBackoff")
    func backoffIsBounded() async {
        let initial = Duration.milliseconds(100)
        let maxBackoff = Duration.milliseconds(1500)
        // Jitter is random: repeat so that a wrong ceiling is all but certain to show.
        for _ in 0..<50 {
            let sleeper = SleepRecorder()
            let policy = RetryPolicy(
                maxAttempts: 12, initialBackoff: initial, maxBackoff: maxBackoff,
                maxTotalWait: .seconds(3600), sleep: sleeper.sleep
            )
            let (attempts, _) = await Self.runFailing(policy)
            #expect(attempts.count == 12)
            #expect(sleeper.waits.count == 11)
            for (index, wait) in sleeper.waits.enumerated() {
                // The wait before attempt index + 2 is at most initial * 2^index, capped at maxBackoff.
                let ceiling = min(initial * (1 << index), maxBackoff)
                #expect(wait >= .zero)
                #expect(wait <= ceiling, "wait \(index + 1) was \(wait), ceiling \(ceiling)")
            }
        }
    }

    @Test("a wait that would exceed maxTotalWait ends the retries with the last error")
    func maxTotalWaitStops() async {
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(
            maxAttempts: 10, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(100),
            maxTotalWait: .seconds(25), sleep: sleeper.sleep
        )
        let (attempts, error) = await Self.runFailing(policy, advice: { _ in RetryAdvice(retryAfter: .seconds(10)) })
        // 10 s + 10 s fit in 25 s; a third wait would not.
        #expect(sleeper.waits.count == 2)
        #expect(sleeper.total <= .seconds(25))
        #expect(attempts == [1, 2, 3])
        #expect(error as? AttemptFailed == AttemptFailed(attempt: 3))
    }

    @Test("a Retry-After longer than maxTotalWait is not waited for at all")
    func retryAfterBeyondBudget() async {
        let sleeper = SleepRecorder()
        let policy = RetryPolicy(maxAttempts: 3, maxTotalWait: .seconds(30), sleep: sleeper.sleep)
        let (attempts, _) = await Self.runFailing(policy, advice: { _ in RetryAdvice(retryAfter: .seconds(120)) })
        #expect(attempts == [1])
        #expect(sleeper.waits.isEmpty)
    }

    @Test("an error thrown while waiting (cancellation) ends the retries")
    func sleepErrorPropagates() async {
        let policy = RetryPolicy(maxAttempts: 5, sleep: { _ in throw CancellationError() })
        let (attempts, error) = await Self.runFailing(policy)
        #expect(attempts == [1])
        #expect(error is CancellationError)
    }

    @Test("the defaults: 3 attempts; .none never retries")
    func defaults() async {
        #expect(RetryPolicy.standard.maxAttempts >= 3)
        #expect(RetryPolicy.none.maxAttempts == 1)
        let (attempts, _) = await Self.runFailing(.none)
        #expect(attempts == [1])
    }

    @Test("parseRetryAfter reads delta-seconds and rejects everything else", arguments: [
        ("1", Duration?.some(.seconds(1))),
        ("0", .seconds(0)),
        (" 5 ", .seconds(5)),
        ("120", .seconds(120)),
        ("", nil),
        ("abc", nil),
        ("-1", nil),
        ("1.5", nil),
        ("Wed, 21 Oct 2015 07:28:00 GMT", nil),
    ])
    func parseRetryAfter(header: String, expected: Duration?) {
        #expect(RetryAdvice.parseRetryAfter(header) == expected)
    }

    @Test("parseRetryAfter of an absent header is nil")
    func parseRetryAfterAbsent() {
        #expect(RetryAdvice.parseRetryAfter(nil) == nil)
    }
}
