import Foundation
import Synchronization

/// A clock tests move by hand, injected as the emulator's `now`.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    /// The current time.
    var now: Date { current.withLock { $0 } }

    /// The clock as the emulator's `now` closure.
    var closure: @Sendable () -> Date { { self.now } }

    /// Moves the clock forward.
    func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}
