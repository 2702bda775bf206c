import Foundation

/// Runs blocking `work` (process waits, pipe reads, key generation) on a thread of its own.
///
/// Not on `DispatchQueue.global()`: on Linux that queue is Swift concurrency's global executor, so
/// blocking reads parked there take the threads an in-process emulator or token server needs to
/// answer the very process being read from (a full test run stalled for the 30 s read timeout).
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        startBlockingThread { continuation.resume(with: Result { try work() }) }
    }
}

/// Runs non-throwing blocking `work` on a thread of its own; see the throwing variant.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        startBlockingThread { continuation.resume(returning: work()) }
    }
}

/// Starts `body` on a new thread that has every signal blocked, as dispatch's own threads do: a
/// signal (SIGCHLD of an exiting child) delivered to it would interrupt its blocking read with
/// EINTR, which Foundation's `readDataToEndOfFile` turns into a crash.
public func startBlockingThread(_ body: @escaping @Sendable () -> Void) {
    Thread {
        var all = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, nil)
        body()
    }.start()
}
