#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
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
        let folder = folder(of: path)
        let temporary = "\(folder)/\(temporaryPrefix(for: path, pid: getpid()))\(UInt32.random(in: 0...UInt32.max))"
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

    /// The temporary files that writes of `path` by process `pid` (any process when `nil`) may have
    /// left: `.NAME.tmp-PID-RANDOM` in `path`'s folder. A file there holds (part of) the secret.
    package static func temporaryFiles(for path: String, pid: pid_t?) -> [String] {
        let folder = folder(of: path)
        let prefix = temporaryPrefix(for: path, pid: pid)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { "\(folder)/\($0)" }
    }

    /// Removes the temporary files of `path` left by processes that no longer exist (a write killed
    /// with SIGKILL or by a crash); a live process's are left alone. Returns the files removed.
    @discardableResult
    package static func removeStaleTemporaryFiles(for path: String) -> [String] {
        let prefix = temporaryPrefix(for: path, pid: nil)
        return temporaryFiles(for: path, pid: nil).filter { file in
            let name = file.split(separator: "/").last.map(String.init) ?? ""
            let fields = name.dropFirst(prefix.count).split(separator: "-")
            guard fields.count == 2, let pid = pid_t(fields[0]), UInt32(fields[1]) != nil, pid > 0 else { return false }
            guard kill(pid, 0) != 0, errno == ESRCH else { return false }
            return unlink(file) == 0
        }
    }

    /// `.NAME.tmp-PID-` (or `.NAME.tmp-` without a pid).
    private static func temporaryPrefix(for path: String, pid: pid_t?) -> String {
        ".\(path.split(separator: "/").last ?? "key").tmp-" + (pid.map { "\($0)-" } ?? "")
    }

    private static func folder(of path: String) -> String {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        return directory.isEmpty ? "/" : directory
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
