import Dispatch
import Sesame

/// RSA keys shared by the tests of one process; each is generated once.
///
/// Generation runs on a GCD thread and waiters suspend instead of blocking: a blocked cooperative
/// thread (there are two on a two-core machine) would starve the in-process emulator under test.
public enum TestKeys {
    private actor Pool {
        var keys: [Int: Task<RSAPrivateKey, any Error>] = [:]

        func key(_ index: Int) -> Task<RSAPrivateKey, any Error> {
            if let task = keys[index] { return task }
            let task = Task<RSAPrivateKey, any Error> { try await offPool { try RSAPrivateKey.generate() } }
            keys[index] = task
            return task
        }
    }

    private static let pool = Pool()

    /// The `index`-th shared key.
    public static func shared(_ index: Int = 0) async throws -> RSAPrivateKey {
        try await pool.key(index).value
    }
}

/// Runs blocking `work` (process waits, pipe reads, key generation) on a GCD thread, outside
/// Swift's cooperative thread pool.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

/// Runs non-throwing blocking `work` on a GCD thread.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
