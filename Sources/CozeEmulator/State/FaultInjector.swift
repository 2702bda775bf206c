import Synchronization

/// The faults still to inject, consumed atomically one per token request.
final class FaultInjector: Sendable {
    /// A fault answered over HTTP.
    enum Answer: Sendable, Equatable {
        case throttle
        case fail
    }

    private let faults: Mutex<EmulatorFaults>

    init(_ faults: EmulatorFaults) {
        self.faults = Mutex(faults)
    }

    /// The faults left.
    var current: EmulatorFaults { faults.withLock { $0 } }

    /// Replaces the faults left.
    func replace(with new: EmulatorFaults) {
        faults.withLock { $0 = new }
    }

    /// The latency to add to a token request, in milliseconds.
    var latencyMilliseconds: Int { faults.withLock { $0.latencyMilliseconds } }

    /// Takes one `dropFirst` unit; `true` when this request's connection must be closed.
    func takeDrop() -> Bool {
        faults.withLock { faults in
            guard faults.dropFirst > 0 else { return false }
            faults.dropFirst -= 1
            return true
        }
    }

    /// Takes one `throttleFirst` unit, else one `failFirst` unit; `nil` when neither is left.
    func takeAnswer() -> Answer? {
        faults.withLock { faults in
            if faults.throttleFirst > 0 {
                faults.throttleFirst -= 1
                return .throttle
            }
            if faults.failFirst > 0 {
                faults.failFirst -= 1
                return .fail
            }
            return nil
        }
    }
}
