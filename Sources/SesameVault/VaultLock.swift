#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore
import Foundation

/// The writers' lock: `flock(LOCK_EX)` on `NAME.lock` (0600), which is never renamed or deleted.
///
/// Not on `NAME` itself: a writer renames a new inode into place, so a second writer would lock the
/// new file while the first still holds the old one. The holder writes its PID into the file so
/// that a writer giving up can name it. Released when the value is deinitialised (or the process
/// exits). `flock` is per open file description, so two locks in one process exclude each other too.
package final class VaultLock {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Takes the lock, retrying every 100 ms until `timeout` has passed.
    ///
    /// - Throws: ``VaultError`` `.locked` with the holder's PID on timeout; `.io` when the lock file
    ///   cannot be opened or locked.
    package static func acquire(_ paths: VaultPaths, timeout: Duration) throws(VaultError) -> VaultLock {
        let descriptor = open(paths.lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0o600)
        guard descriptor >= 0 else { throw .system("open the lock file of", paths.display, errorNumber: errno) }
        // 0600 whatever the umask; fails harmlessly on a lock file another user created.
        _ = fchmod(descriptor, 0o600)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { break }
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK || code == EAGAIN else {
                close(descriptor)
                throw .system("lock", paths.display, errorNumber: code)
            }
            guard clock.now < deadline else {
                let holder = LockHolderRecord.read(from: descriptor)
                close(descriptor)
                throw .locked(paths.display, pid: holder, timeout: timeout)
            }
            usleep(100_000)
        }
        let lock = VaultLock(descriptor: descriptor)
        LockHolderRecord.write(to: descriptor)
        return lock
    }



    /// Removes what crashed writers left: `.NAME.tmp-*` and `NAME.bak.tmp`. Only the lock holder calls this.
    func removeStaleTemporaries(_ paths: VaultPaths) {
        unlink(paths.backupTemporary)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: paths.directory) else { return }
        for name in names where name.hasPrefix(paths.temporaryPrefix) {
            unlink(paths.directory + "/" + name)
        }
    }
}
