import Dispatch

/// Runs blocking `work` (process waits, pipe reads, key generation) on a GCD thread, outside Swift's
/// cooperative thread pool.
///
/// A blocked cooperative thread (there are two on a two-core machine) would starve an in-process
/// emulator or token server that the blocking work is waiting for.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

/// Runs non-throwing blocking `work` on a GCD thread, outside Swift's cooperative thread pool.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
