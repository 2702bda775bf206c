import Foundation
import SesameCore

/// The `file` token cache: tokens shared by the processes of one user on one machine, one file per
/// key in a private folder.
///
/// - The folder (default `$XDG_CACHE_HOME/sesame`, else `~/.cache/sesame`) is created 0700 with its
///   missing parents; an existing one that group or others can reach, or that another user owns, is
///   refused with the fix.
/// - `DIGEST.json` (0600) holds a key's token; `DIGEST.lock` is its advisory lock (`flock`), which
///   the kernel releases when the holder dies. A write goes to a temporary file that is flushed and
///   renamed over the entry, so a reader never sees half an entry and a failed write (a full disk)
///   leaves the previous one intact.
/// - Expired entries, lock files without an entry and dead writers' temporary files are removed
///   now and then by the process that stores a token.
///
/// Each file holds a live bearer token readable by the user and root until it expires (and by
/// whoever reads a backup of the folder); see the README's trade-offs.
public struct FileTokenStore: SharedTokenStore, CustomStringConvertible {
    /// The folder's absolute path.
    public let directory: String
    private let folder: FileTokenFolder
    private let faults: FileTokenStoreFaults
    private let now: @Sendable () -> Date

    /// A store in `directory` (absolute); nothing is created until a token is stored.
    public init(directory: String) {
        self.init(directory: directory, faults: .none, now: { Date() })
    }

    /// A store whose system calls fail as `faults` says and whose sweeps use `now`.
    package init(directory: String, faults: FileTokenStoreFaults, now: @escaping @Sendable () -> Date) {
        self.directory = directory
        self.folder = FileTokenFolder(path: directory)
        self.faults = faults
        self.now = now
    }

    /// The default folder: `$XDG_CACHE_HOME/sesame` when that variable holds an absolute path, else
    /// `HOME/.cache/sesame`.
    public static func defaultDirectory(environment: (String) -> String?, homeDirectory: String) -> String {
        if let cache = environment("XDG_CACHE_HOME"), cache.hasPrefix("/") {
            return (cache.hasSuffix("/") ? String(cache.dropLast()) : cache) + "/sesame"
        }
        return (homeDirectory.hasSuffix("/") ? String(homeDirectory.dropLast()) : homeDirectory) + "/.cache/sesame"
    }

    /// The token stored under `key`, read without its lock; `nil` when there is none (or no folder yet).
    ///
    /// - Throws: ``FileTokenStoreError``: the folder is unsafe or unusable, or the entry corrupted.
    public func token(for key: SharedTokenKey) async throws -> AccessToken? {
        guard try folder.checkExisting() else { return nil }
        return try FileTokenEntryFile.read(folder.entry(key), for: key)?.token
    }

    /// Runs `body` holding `key`'s lock, created in the folder (created first when missing).
    ///
    /// - Throws: ``FileTokenStoreError`` (`.lockTimeout` after `timeout`, folder problems), or what
    ///   `body` throws; `CancellationError` when cancelled while waiting.
    public func withLock<Result: Sendable>(
        on key: SharedTokenKey,
        timeout: Duration,
        _ body: (any SharedTokenSlot) async throws -> Result
    ) async throws -> Result {
        try folder.prepare()
        let lock = try await FileTokenLock.acquire(folder.lock(key), timeout: timeout, faults: faults)
        defer { lock.release() }
        return try await body(Slot(key: key, folder: folder, faults: faults, now: now))
    }

    /// `directory /home/me/.cache/sesame`.
    public var description: String { "directory \(directory)" }

    /// One key's entry, while its lock is held.
    private struct Slot: SharedTokenSlot {
        let key: SharedTokenKey
        let folder: FileTokenFolder
        let faults: FileTokenStoreFaults
        let now: @Sendable () -> Date

        func token() async throws -> AccessToken? {
            try FileTokenEntryFile.read(folder.entry(key), for: key)?.token
        }

        func store(_ token: AccessToken) async throws {
            let entry = FileTokenEntry(token, key: key)
            let (key, folder, faults, now) = (key, folder, faults, now)
            // fsync may take a while on a busy disk: off Swift's executor.
            try await BlockingThread.run { () -> Result<Void, FileTokenStoreError> in
                let result = Result { () throws(FileTokenStoreError) in
                    try FileTokenEntryFile.write(entry, to: folder.entry(key), via: folder.temporary(key), folder: folder.path, faults: faults)
                }
                if case .success = result { FileTokenSweep.runIfDue(folder, now: now()) }
                return result
            }.get()
        }
    }
}
