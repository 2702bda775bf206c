import Foundation
import Synchronization

/// A clock that tests set and move by hand, injected wherever code takes a `now` closure.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    /// A clock showing `start` (default: the real time now, so JWTs signed with the real time are current).
    public init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    /// The time the clock shows.
    public var now: Date { current.withLock { $0 } }

    /// The clock as a `now` closure, for APIs that take `@Sendable () -> Date`.
    public var closure: @Sendable () -> Date { { self.now } }

    /// Moves the clock forward by `seconds` (backward when negative).
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
