import Foundation
import SesameCore

/// Runs blocking `work` (process waits, pipe reads, key generation) on a thread of its own
/// (`BlockingThread`), not on Swift's executor: blocking reads parked there took the threads an
/// in-process emulator or token server needed to answer the very process being read from.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await BlockingThread.run { Result { try work() } }.get()
}

/// Runs non-throwing blocking `work` on a thread of its own; see the throwing variant.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await BlockingThread.run(work)
}

/// Starts `body` on a thread of its own with every signal blocked (a SIGCHLD would otherwise
/// interrupt a blocking read with EINTR, which Foundation's `readDataToEndOfFile` turns into a crash).
public func startBlockingThread(_ body: @escaping @Sendable () -> Void) {
    BlockingThread.start(body)
}
