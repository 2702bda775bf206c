import Foundation

/// The unlocked state a ``SodiumVaultKeyStore`` keeps: the data key and table of the file generation
/// it last read, identified by (device, inode, size, mtime).
///
/// Two locks: `state` guards the snapshot and is held for microseconds (never across I/O or the KDF);
/// `refreshing` serialises refreshes and writes, so concurrent first reads run the KDF once.
final class VaultCache: @unchecked Sendable {
    private struct Snapshot {
        let identity: FileIdentity
        let dataKey: DataKey
        let table: VaultTable
    }

    private let state = NSLock()
    private let refreshing = NSLock()
    private var snapshot: Snapshot?

    /// The cached table when `identity` is the cached file's, else `nil`.
    func table(ifCurrent identity: FileIdentity?) -> VaultTable? {
        guard let identity else { return nil }
        state.lock()
        defer { state.unlock() }
        guard let snapshot, snapshot.identity == identity else { return nil }
        return snapshot.table
    }

    /// Re-opens the vault with `open` (given the cached key, if any) unless another caller refreshed
    /// it meanwhile; returns the current table. Blocks: call off the cooperative pool.
    func refresh(_ open: (DataKey?) throws(VaultError) -> UnlockedVault) throws(VaultError) -> VaultTable {
        refreshing.lock()
        defer { refreshing.unlock() }
        let cached = current()
        let opened = try open(cached?.dataKey)
        store(opened)
        return opened.table
    }

    /// Runs a write with the cached key and caches its result. Blocks: call off the cooperative pool.
    func update(_ change: (DataKey?) throws(VaultError) -> UnlockedVault) throws(VaultError) -> UnlockedVault {
        refreshing.lock()
        defer { refreshing.unlock() }
        let written = try change(current()?.dataKey)
        store(written)
        return written
    }

    private func current() -> Snapshot? {
        state.lock()
        defer { state.unlock() }
        return snapshot
    }

    private func store(_ opened: UnlockedVault) {
        state.lock()
        defer { state.unlock() }
        snapshot = Snapshot(identity: opened.image.identity, dataKey: opened.dataKey, table: opened.table)
    }
}
