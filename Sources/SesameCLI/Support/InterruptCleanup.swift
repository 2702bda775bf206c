#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Removes what a command leaves on disk when SIGINT, SIGTERM or SIGHUP stops it part-way: a
/// private key's temporary file, the demo's folder of keys and vault.
///
/// While ``during(_:cleanup:)`` runs, those signals are caught (not acted on at once); on the first
/// one, `cleanup` runs, one line goes to stderr, and sesame exits with 128 + the signal's number, as
/// a shell reports a command killed by it. After `body`, the signals act as before.
enum InterruptCleanup {
    /// The signals that stop a command and get their clean-up first.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// `body`'s result; `cleanup` runs instead if one of ``signals`` arrives first.
    static func during<T>(_ body: () throws -> T, cleanup: @escaping @Sendable () -> Void) rethrows -> T {
        let sources = catchSignals(cleanup: cleanup)
        defer { release(sources) }
        return try body()
    }

    /// The async form of ``during(_:cleanup:)``.
    static func during<T>(_ body: () async throws -> T, cleanup: @escaping @Sendable () -> Void) async rethrows -> T {
        let sources = catchSignals(cleanup: cleanup)
        defer { release(sources) }
        return try await body()
    }

    private static func catchSignals(cleanup: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "sesame.interrupt-cleanup")
        return signals.map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                cleanup()
                let line = "sesame: interrupted by signal \(signalNumber); temporary files removed\n"
                _ = line.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
                _exit(128 + signalNumber)
            }
            source.resume()
            return source
        }
    }

    private static func release(_ sources: [any DispatchSourceSignal]) {
        for source in sources { source.cancel() }
        for signalNumber in signals { signal(signalNumber, SIG_DFL) }
    }
}
