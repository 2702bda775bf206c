#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// Writes secret files atomically with mode 0600 (or another mode given) from the first byte: no
/// moment where the file is readable by others, no moment where it is half-written, and an existing
/// file is replaced only when asked.
public enum SecretFileWriter {
    /// Writes `secret` to `path`.
    ///
    /// The bytes go to a new temporary file (created with `mode`, default 0600, with `O_EXCL`) in the same folder, are
    /// flushed to disk, then the file is linked into place (refusing an existing `path`) or, with
    /// `replace`, renamed over it. On any failure the temporary file is removed and `path` is untouched.
    ///
    /// - Throws: ``KeyStoreError``: `.alreadyExists` (with the flag that overrides it), `.unreadable`
    ///   for an I/O error (the message names the path and the system's reason).
    public static func write(_ secret: SecretBytes, to path: String, replace: Bool = false, mode: mode_t = 0o600) throws {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let folder = directory.isEmpty ? "/" : directory
        let temporary = "\(folder)/.\(path.split(separator: "/").last ?? "key").tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0o600)
        guard descriptor >= 0 else {
            throw failure("create a file in \(folder)", errno)
        }
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, mode) == 0 else { throw failure("set mode \(String(mode, radix: 8)) on \(temporary)", errno) }
            try secret.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { throw failure("write \(path)", errno) }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw failure("flush \(path) to disk", errno) }
        }
        if replace {
            guard rename(temporary, path) == 0 else { throw failure("replace \(path)", errno) }
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST {
                    throw KeyStoreError(.alreadyExists, "\(path) already exists; choose another path, or pass --force to replace it")
                }
                throw failure("create \(path)", errno)
            }
            unlink(temporary)
        }
        committed = true
        let directoryDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func failure(_ action: String, _ code: Int32) -> KeyStoreError {
        let reason = String(cString: strerror(code))
        if code == ENOSPC || code == EDQUOT {
            return KeyStoreError(.unreadable, "cannot \(action): no space left on device; nothing was changed")
        }
        return KeyStoreError(.unreadable, "cannot \(action): \(reason); nothing was changed")
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
