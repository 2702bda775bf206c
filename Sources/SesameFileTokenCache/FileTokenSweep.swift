#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Removes what the folder no longer needs, at most once per ``interval`` across processes (the
/// `.last-sweep` file's time says when): expired and corrupted entries, lock files without an entry,
/// and temporary files of writers that died. Entries and locks are removed only under their own
/// lock, so a key in use is skipped. Best effort: a failure leaves files for the next sweep.
enum FileTokenSweep {
    /// The shortest time between two sweeps of one folder.
    static let interval: TimeInterval = 300
    /// How old a temporary file or an entry-less lock file must be to be removed.
    static let staleAge: TimeInterval = 60

    /// Sweeps `folder` when the last sweep is older than ``interval`` (by `now`).
    static func runIfDue(_ folder: FileTokenFolder, now: Date) {
        guard claim(folder.sweepMarker, now: now) else { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let present = Set(names)
        for name in names {
            let path = folder.path + "/" + name
            if name.hasPrefix("."), name.contains(".tmp-") {
                if age(of: path, now: now).map({ $0 > staleAge }) == true { unlink(path) }
            } else if name.hasSuffix(".json") {
                removeEntryIfUseless(path, lock: String(path.dropLast(".json".count)) + ".lock", now: now)
            } else if name.hasSuffix(".lock"), !present.contains(String(name.dropLast(".lock".count)) + ".json") {
                guard age(of: path, now: now).map({ $0 > staleAge }) == true, let lock = FileTokenLock.tryAcquire(path) else { continue }
                // An entry may have been stored since the listing.
                if access(String(path.dropLast(".lock".count)) + ".json", F_OK) != 0 { unlink(path) }
                lock.release()
            }
        }
    }

    /// Removes the entry at `path` (and its lock) when it is expired or corrupted and its key is not in use.
    private static func removeEntryIfUseless(_ path: String, lock lockPath: String, now: Date) {
        guard isUseless(path, now: now), let lock = FileTokenLock.tryAcquire(lockPath) else { return }
        // Read again under the lock: a new token may have replaced it.
        if isUseless(path, now: now) {
            unlink(path)
            unlink(lockPath)
        }
        lock.release()
    }

    private static func isUseless(_ path: String, now: Date) -> Bool {
        do {
            guard let entry = try FileTokenEntryFile.read(path, for: nil) else { return false }
            return entry.expiresAt < now.timeIntervalSince1970
        } catch {
            return error.code == .corruptedEntry
        }
    }

    /// Whether this process should sweep now; if so, the marker's time is set to `now`.
    private static func claim(_ marker: String, now: Date) -> Bool {
        if let age = age(of: marker, now: now), age < interval, age >= 0 { return false }
        let descriptor = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let seconds = now.timeIntervalSince1970
        var times = [timespec](repeating: timespec(tv_sec: Int(seconds), tv_nsec: 0), count: 2)
        return futimens(descriptor, &times) == 0
    }

    /// Seconds since the file at `path` was last modified; `nil` when it does not exist.
    private static func age(of path: String, now: Date) -> TimeInterval? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = status.st_mtimespec.tv_sec
        #else
        let modified = status.st_mtim.tv_sec
        #endif
        return now.timeIntervalSince1970 - TimeInterval(modified)
    }
}
