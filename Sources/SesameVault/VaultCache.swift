import SesameCore
import Synchronization

/// The unlocked state a ``SodiumVaultKeyStore`` keeps: the data key and table of the file generation
/// it last read, identified by (device, inode, size, mtime, ctime).
///
/// Behaviour (the pattern of `TokenCache`):
/// - **Fast path.** A read whose file identity matches the snapshot gets the cached table; the lock
///   is held for that comparison only.
/// - **Single flight.** At most one unlock runs at a time; every caller that misses meanwhile awaits
///   that same `Task`, so concurrent first reads run the KDF once. The blocking work (file, Argon2id)
///   runs once on a thread of its own (`BlockingThread`), off Swift's executor; no lock is held while it runs and no
///   thread waits per caller.
/// - **Errors are not cached.** A failed unlock reaches every caller that awaited it; the next read
///   tries again.
/// - **Cancellation** ends a caller's wait at once (`CancellationError`); the unlock goes on for the
///   others and its result is still cached.
/// - **Writes** wait for an unlock in flight (to reuse its key), run off the pool, and store their
///   result. Concurrent writes are ordered by the vault's file lock; whichever result is stored last,
///   a later read compares identities and re-reads when the file moved on.
final class VaultCache: Sendable {
    private struct Snapshot: Sendable {
        let identity: FileIdentity
        let dataKey: DataKey
        let table: VaultTable

        init(_ opened: UnlockedVault) {
            identity = opened.image.identity
            dataKey = opened.dataKey
            table = opened.table
        }
    }

    private struct Unlock: Sendable {
        let id: UInt64
        let task: Task<Result<VaultTable, VaultError>, Never>
        /// The callers waiting for it, by waiter ID.
        var waiters: [UInt64: CheckedContinuation<VaultTable, any Error>] = [:]
    }

    private struct State: Sendable {
        var snapshot: Snapshot?
        var unlock: Unlock?
        var lastID: UInt64 = 0

        mutating func nextID() -> UInt64 {
            lastID += 1
            return lastID
        }
    }

    /// Blocking work the cache runs off the pool: given the cached data key (if any), open or write
    /// the vault.
    typealias Work = @Sendable (DataKey?) throws(VaultError) -> UnlockedVault

    private let state = Mutex(State())

    /// The cached table when `identity` is the cached file's, else `nil`.
    func table(ifCurrent identity: FileIdentity?) -> VaultTable? {
        guard let identity else { return nil }
        return state.withLock { state in
            guard let snapshot = state.snapshot, snapshot.identity == identity else { return nil }
            return snapshot.table
        }
    }

    /// The table of the file at `identity`: cached, or from the unlock in flight, or from a new one
    /// that runs `open` with the cached key.
    ///
    /// - Throws: the unlock's ``VaultError``, or `CancellationError` when the caller is cancelled
    ///   while it waits.
    func table(for identity: FileIdentity?, open: @escaping Work) async throws -> VaultTable {
        let waiter = state.withLock { $0.nextID() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = state.withLock { state -> Result<VaultTable, any Error>? in
                    if let identity, let snapshot = state.snapshot, snapshot.identity == identity { return .success(snapshot.table) }
                    // Checked under the lock that `onCancel` takes, so a cancellation is seen here or finds the waiter.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.unlock == nil { state.unlock = startUnlock(state.nextID(), key: state.snapshot?.dataKey, open: open) }
                    state.unlock?.waiters[waiter] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            state.withLock { $0.unlock?.waiters.removeValue(forKey: waiter) }?.resume(throwing: CancellationError())
        }
    }

    /// A new unlock: `open` with `key` off the pool; its result goes to the waiters and the snapshot.
    /// Called with the state's lock held, so the task cannot finish before it is recorded.
    private func startUnlock(_ id: UInt64, key: DataKey?, open: @escaping Work) -> Unlock {
        let task = Task { [self] in
            let result = await Self.offload { () throws(VaultError) in try open(key) }
            finish(id, result)
            return result.map(\.table)
        }
        return Unlock(id: id, task: task)
    }

    /// Runs the write `change` with the cached key, off the pool, and caches its result.
    func update(_ change: @escaping Work) async throws(VaultError) {
        if let unlocking = state.withLock({ $0.unlock?.task }) {
            _ = await unlocking.value
        }
        let key = state.withLock { $0.snapshot?.dataKey }
        let written = try await Self.offload { () throws(VaultError) in try change(key) }.get()
        state.withLock { $0.snapshot = Snapshot(written) }
    }

    private func finish(_ id: UInt64, _ result: Result<UnlockedVault, VaultError>) {
        let waiters = state.withLock { state -> [CheckedContinuation<VaultTable, any Error>] in
            if case .success(let opened) = result { state.snapshot = Snapshot(opened) }
            guard let unlock = state.unlock, unlock.id == id else { return [] }
            state.unlock = nil
            return Array(unlock.waiters.values)
        }
        let outcome = result.map(\.table).mapError { $0 as any Error }
        for waiter in waiters { waiter.resume(with: outcome) }
    }

    /// Runs `work` on a thread of its own: it blocks (file I/O, Argon2id, lock waits).
    private static func offload(_ work: @escaping @Sendable () throws(VaultError) -> UnlockedVault) async -> Result<UnlockedVault, VaultError> {
        await BlockingThread.run { Result { () throws(VaultError) in try work() } }
    }
}
