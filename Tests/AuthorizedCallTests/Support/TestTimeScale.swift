import Foundation

/// How much longer than normal the timing tests of this suite let real time run.
///
/// `SESAME_TEST_TIME_SCALE` (a positive number, 1 when unset) stretches token lifetimes and waits
/// together, so a test keeps its meaning in a slowed process: `scripts/sanitize.sh` sets it under
/// ThreadSanitizer, whose 5–15× slowdown would otherwise outlast a 6-second token's refresh window.
enum TestTimeScale {
    static let factor: Int = {
        guard let text = ProcessInfo.processInfo.environment["SESAME_TEST_TIME_SCALE"] else { return 1 }
        guard let value = Int(text), value >= 1 else {
            fatalError("SESAME_TEST_TIME_SCALE must be a whole number of at least 1, got \(text)")
        }
        return value
    }()
}
