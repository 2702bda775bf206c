#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Passes the signals sesame receives on to the command it runs.
///
/// Created before the command starts, so that a signal arriving while it starts is not lost (nor
/// kills sesame and orphans the command): it is delivered as soon as the command's process exists.
final class SignalForwarder: @unchecked Sendable {
    // @unchecked: the dispatch sources are only created in init and cancelled in stop(); dispatch
    // sources are safe to cancel from any thread.
    private let target: Target
    private let sources: [any DispatchSourceSignal]

    /// Starts catching `signals` (their default action is suspended in sesame until ``stop()``).
    init(_ signals: [Int32]) {
        let target = Target()
        let queue = DispatchQueue(label: "sesame.exec.signals")
        sources = signals.map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { target.deliver(signalNumber) }
            source.resume()
            return source
        }
        self.target = target
    }

    /// Sends every signal caught so far, and each one from now on, to `pid`.
    func forward(to pid: pid_t) {
        target.set(pid)
    }

    /// Stops catching; signals are no longer forwarded.
    func stop() {
        for source in sources { source.cancel() }
    }

    /// The process signals go to, once known, and the signals caught before.
    private final class Target: Sendable {
        private struct State {
            var pid: pid_t?
            var pending: [Int32] = []
        }

        private let state = Mutex(State())

        func set(_ pid: pid_t) {
            let pending = state.withLock { state in
                state.pid = pid
                defer { state.pending.removeAll() }
                return state.pending
            }
            for signalNumber in pending { kill(pid, signalNumber) }
        }

        func deliver(_ signalNumber: Int32) {
            let pid = state.withLock { state -> pid_t? in
                if state.pid == nil { state.pending.append(signalNumber) }
                return state.pid
            }
            if let pid { kill(pid, signalNumber) }
        }
    }
}
