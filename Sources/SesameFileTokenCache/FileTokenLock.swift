#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// One key's lock across processes: `flock(LOCK_EX)` on `DIGEST.lock` (0600), released when
/// ``release()`` closes it or the holding process dies (the kernel drops the lock with the process).
///
/// `flock` belongs to an open file description, so two acquisitions in one process exclude each
/// other too. The wait polls without blocking a thread, bounded by the caller's timeout. A lock
/// file may be removed by a sweep (under its own lock) while another process waits on it, so after
/// locking, the file locked must still be the one at the path; otherwise the lock is taken again on
/// the new file.
final class FileTokenLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Releases the lock (the descriptor is closed; the file stays).
    func release() {
        _ = flock(descriptor, LOCK_UN)
    }

    /// Takes the lock at `path`, retrying until `timeout` has passed.
    ///
    /// - Throws: ``FileTokenStoreError`` `.lockTimeout` (naming the holder's PID when known) or
    ///   `.unusableFolder`; `CancellationError` when the task is cancelled while waiting.
    static func acquire(_ path: String, timeout: Duration, faults: FileTokenStoreFaults) async throws -> FileTokenLock {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var pause = Duration.milliseconds(2)
        while true {
            let descriptor = try openLockFile(path, faults: faults)
            var locked = false
            do {
                while true {
                    if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                        locked = true
                        break
                    }
                    let code = errno
                    if code == EINTR { continue }
                    guard code == EWOULDBLOCK || code == EAGAIN else {
                        throw FileTokenStoreError(.readFailed, "cannot lock \(path): \(String(cString: strerror(code)))", errorNumber: code)
                    }
                    guard clock.now < deadline else {
                        let holder = LockHolderRecord.read(from: descriptor).map { " (pid \($0))" } ?? ""
                        throw FileTokenStoreError(
                            .lockTimeout,
                            "another process\(holder) held the token cache lock \(path) for more than \(timeout.secondsText) s, most likely waiting on a slow token endpoint; this process minted its own token"
                        )
                    }
                    try await Task.sleep(for: pause)
                    pause = min(pause * 2, .milliseconds(50))
                }
            } catch {
                close(descriptor)
                throw error
            }
            if locked, isStillAtPath(descriptor, path) {
                let lock = FileTokenLock(descriptor: descriptor)
                LockHolderRecord.write(to: descriptor)
                return lock
            }
            close(descriptor)
        }
    }

    /// Takes the lock at `path` (creating the file) only if it is free at once: for sweeps, which
    /// skip busy keys.
    static func tryAcquire(_ path: String) -> FileTokenLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0o600)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, isStillAtPath(descriptor, path) else {
            close(descriptor)
            return nil
        }
        return FileTokenLock(descriptor: descriptor)
    }

    private static func openLockFile(_ path: String, faults: FileTokenStoreFaults) throws(FileTokenStoreError) -> Int32 {
        var descriptor: Int32 = -1
        if let injected = faults.errorNumber(.openLock) {
            errno = injected
        } else {
            descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0o600)
        }
        guard descriptor >= 0 else {
            let code = errno
            throw FileTokenStoreError(
                .unusableFolder,
                "cannot open the token cache lock \(path): \(String(cString: strerror(code))); make its folder writable by you, or set \"directory\" in tokenCache",
                errorNumber: code
            )
        }
        // 0600 whatever the umask.
        _ = fchmod(descriptor, 0o600)
        return descriptor
    }

    /// Whether `descriptor` is the file now at `path` (not one a sweep removed meanwhile).
    private static func isStillAtPath(_ descriptor: Int32, _ path: String) -> Bool {
        var opened = stat()
        var current = stat()
        guard fstat(descriptor, &opened) == 0, lstat(path, &current) == 0 else { return false }
        return opened.st_dev == current.st_dev && opened.st_ino == current.st_ino
    }


}

extension Duration {
    /// `0.5`, `10`: whole or fractional seconds, for messages.
    var secondsText: String {
        let (seconds, attoseconds) = components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else { return "\(seconds)" }
        var fraction = String(milliseconds)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(seconds).\(fraction)"
    }
}
