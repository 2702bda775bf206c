#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way Sesame opens a file that holds or guards a secret: PEM keys, `.env` files, passphrase
/// files, and the vault file's own checks.
///
/// Policy, in order:
/// 1. `open(O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)`: a FIFO in the file's place cannot block
///    the caller before the type check. Symlinks are followed, because secret mounts (Kubernetes,
///    Docker) are symlinks; every check below is made with `fstat` on what was actually opened, so a
///    symlink cannot smuggle another file past them.
/// 2. A regular file only.
/// 3. Owned by the effective user, with no permission bit for group or others (`chmod 600`). Only a
///    caller whose configuration already offers `allowInsecurePermissions` may waive this; the
///    waived problem is handed back so that the caller can warn. No advice to change a file that is
///    not the user's own or that belongs to the system (`/etc`, `/usr`, ...): the fix there is a
///    copy of one's own, or the right path.
/// 4. A size cap chosen by the caller, checked before and while reading.
/// 5. Read straight into guarded memory (``SecretBytes``), never through an ordinary buffer.
///
/// ``read(_:what:maxSize:allowInsecurePermissions:contentProblem:)`` checks what the file *is* before
/// whom it belongs to: type and size first; and before refusing a file over its permissions, the
/// caller's cheap look at the content, so a wrong path (`/etc/passwd` as a key) is told it is the
/// wrong file, not to `chmod` it. (A file that passes every check is judged by its reader.)
///
/// Passphrase and single-secret files follow one newline rule (``withoutFinalLineBreak(_:)``): one
/// trailing `\n` or `\r\n` is not part of the secret. Key and `.env` files are read whole.
package enum SecretFileReader {
    /// The cap for key and `.env` files (a 4096-bit PEM key is about 3.3 KB).
    package static let maxKeyFileSize = 64 * 1024
    /// The longest passphrase, in bytes, after the final line break is removed.
    package static let maxPassphraseLength = 1_024

    /// A file that passed the checks, open for reading; closed when the value goes away.
    package struct OpenFile: ~Copyable {
        /// The open descriptor (blocking mode restored).
        package let descriptor: Int32
        /// `fstat` of the descriptor.
        package let status: stat
        /// The ownership or mode problem the caller chose to allow, so it can warn about it.
        package let waivedProblem: SecretFileError?

        deinit {
            close(descriptor)
        }
    }

    /// What ``read(descriptor:capacity:)`` read.
    package struct DescriptorRead: Sendable {
        /// `capacity` bytes of guarded memory; the first ``length`` hold what was read.
        package let bytes: SecretBytes
        /// How many bytes were read; `capacity` means the input may be longer.
        package let length: Int
        /// The `errno` of a failed read, else 0.
        package let errorNumber: Int32
    }

    /// Opens `path` and applies checks 1–3.
    ///
    /// - Parameters:
    ///   - what: how the file is named in messages (`key file`, `passphrase file`, `vault`).
    ///   - allowInsecurePermissions: waive check 3 (then ``OpenFile/waivedProblem`` says what was waived).
    /// - Throws: ``SecretFileError``: `notFound`, `unreadable`, `notRegularFile`, `insecurePermissions`.
    package static func open(_ path: String, what: String, allowInsecurePermissions: Bool = false) throws(SecretFileError) -> OpenFile {
        let file = try openRegularFile(path, what: what)
        if let problem = file.waivedProblem, !allowInsecurePermissions { throw problem }
        return file
    }

    /// Checks 1 and 2 (open without blocking, a regular file only); the permission problem, if any,
    /// is in ``OpenFile/waivedProblem`` for the caller to enforce once it knows the file is the one
    /// it wants, or to ignore for a file that holds no secret (``PlainFileReader``).
    package static func openRegularFile(_ path: String, what: String) throws(SecretFileError) -> OpenFile {
        let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw SecretFileError(.notFound, path: path, "\(what) \(path) does not exist") }
            throw unreadable("cannot open \(what) \(path)", path: path, errorNumber: code)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw unreadable("cannot inspect \(what) \(path)", path: path, errorNumber: code)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw SecretFileError(.notRegularFile, path: path, "\(what) \(path) is not a regular file")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        let problem = permissionProblem(of: status, path: path, what: what)
        return OpenFile(descriptor: descriptor, status: status, waivedProblem: problem)
    }

    /// The whole file at `path`, after checks 1–5, with the content looked at before the permissions.
    ///
    /// - Parameters:
    ///   - maxSize: the largest file accepted, in bytes.
    ///   - contentProblem: a cheap look at the bytes: what is wrong with them (`holds no PEM block`),
    ///     or `nil` when they look like what the caller expects. Asked before a permission refusal,
    ///     which it replaces.
    /// - Throws: ``SecretFileError``: the errors of ``open(_:what:allowInsecurePermissions:)``, `tooLarge`,
    ///   `unexpectedContent`, `unreadable`.
    package static func read(
        _ path: String, what: String, maxSize: Int = maxKeyFileSize, allowInsecurePermissions: Bool = false,
        contentProblem: ((UnsafeRawBufferPointer) -> String?)? = nil
    ) throws(SecretFileError) -> SecretBytes {
        let file = try openRegularFile(path, what: what)
        let rule = "at most \(maxSize) bytes are accepted"
        let bytes = try contents(of: file, what: what, path: path, maxSize: maxSize, rule: rule, limit: maxSize)
        guard let permissionProblem = file.waivedProblem, !allowInsecurePermissions else { return bytes }
        // About to refuse over permissions: a file that is obviously not what was asked for is
        // refused as the wrong file instead, so nobody is told to chmod /etc/passwd.
        if let contentProblem, let problem = bytes.withUnsafeBytes(contentProblem) {
            throw SecretFileError(.unexpectedContent, path: path, "\(what) \(path) \(problem); is this the right file?")
        }
        throw permissionProblem
    }

    /// The passphrase in the file at `path`: checks 1–5 with no waiver (a readable passphrase file
    /// gives away what it protects), the final line break removed, 1 to ``maxPassphraseLength`` bytes.
    ///
    /// - Throws: ``SecretFileError``: the errors of ``open(_:what:allowInsecurePermissions:)``,
    ///   `tooLarge` (longer than the limit), `empty`, `unreadable`.
    package static func readPassphrase(_ path: String, what: String = "passphrase file") throws(SecretFileError) -> SecretBytes {
        let file = try open(path, what: what)
        let rule = "a passphrase is 1 to \(maxPassphraseLength) bytes plus an optional line break"
        // The limit plus a `\r\n`; anything longer is too long whatever its ending.
        let contents = try contents(of: file, what: what, path: path, maxSize: maxPassphraseLength + 2, rule: rule, limit: maxPassphraseLength)
        let passphrase = withoutFinalLineBreak(contents)
        guard passphrase.count <= maxPassphraseLength else {
            throw tooLarge(what, path, size: contents.count, limit: maxPassphraseLength, rule: rule)
        }
        guard !passphrase.isEmpty else {
            throw SecretFileError(.empty, path: path, "\(what) \(path) is empty; write the passphrase into it")
        }
        return passphrase
    }

    /// `insecurePermissions` when another user owns the file or group/others have any permission bit.
    package static func permissionProblem(of status: stat, path: String, what: String) -> SecretFileError? {
        let owner = UInt32(status.st_uid)
        let me = UInt32(geteuid())
        if owner != me {
            // Only root can chown; anyone else is told to use a copy of their own.
            let fix = me == 0 && systemFolder(of: path) == nil
                ? "fix: chown \(me) \(path)"
                : "use a copy you own instead (cp \(path) NEW && chmod 600 NEW), or check the path"
            var error = SecretFileError(.insecurePermissions, path: path, "\(what) \(path) is owned by uid \(owner), not by you (uid \(me)); \(fix)")
            error.owner = owner
            return error
        }
        let mode = UInt32(status.st_mode) & 0o7777
        guard mode & 0o077 != 0 else { return nil }
        let fix = systemFolder(of: path).map { "it is a system file (under \($0)), not a secret of yours: check the path" } ?? "fix: chmod 600 \(path)"
        var error = SecretFileError(.insecurePermissions, path: path, "\(what) \(path) has mode \(octal(mode)) (group/others can read it); \(fix)")
        error.mode = mode
        return error
    }

    /// The system folder (`/etc`, `/usr`, ...) that `path` resolves into, if any: a file there is
    /// never the user's secret to `chmod`, even for root.
    package static func systemFolder(of path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        let real = String(cString: resolved)
        return ["/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/boot", "/proc", "/sys", "/dev", "/var/lib", "/var/log"]
            .first { real == $0 || real.hasPrefix($0 + "/") }
    }

    /// `secret` without one trailing `\n` or `\r\n`: the line break an editor or `echo` adds is not
    /// part of a passphrase or secret. Any other byte, including a second line break, is kept.
    package static func withoutFinalLineBreak(_ secret: SecretBytes) -> SecretBytes {
        let length = secret.withUnsafeBytes { bytes -> Int in
            var end = bytes.count
            guard end > 0, bytes[end - 1] == UInt8(ascii: "\n") else { return end }
            end -= 1
            if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            return end
        }
        return secret.prefix(length)
    }

    /// Reads `descriptor` until its end or until `capacity` bytes, straight into guarded memory,
    /// retrying on `EINTR`.
    package static func read(descriptor: Int32, capacity: Int) -> DescriptorRead {
        var length = 0
        var failure: Int32 = 0
        let bytes = SecretBytes(count: capacity) { buffer in
            while length < buffer.count {
                let got = systemRead(descriptor, buffer.baseAddress! + length, buffer.count - length)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                length += got
            }
        }
        return DescriptorRead(bytes: bytes, length: length, errorNumber: failure)
    }

    /// `0644`.
    package static func octal(_ mode: UInt32) -> String {
        let text = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    /// Reads an opened file of at most `maxSize` bytes.
    private static func contents(
        of file: borrowing OpenFile, what: String, path: String, maxSize: Int, rule: String, limit: Int
    ) throws(SecretFileError) -> SecretBytes {
        let size = Int(file.status.st_size)
        guard size <= maxSize else { throw tooLarge(what, path, size: size, limit: limit, rule: rule) }
        // One byte past the cap tells a file that grew after `fstat` from one that fits.
        let read = read(descriptor: file.descriptor, capacity: maxSize + 1)
        if read.errorNumber != 0 { throw unreadable("cannot read \(what) \(path)", path: path, errorNumber: read.errorNumber) }
        guard read.length <= maxSize else { throw tooLarge(what, path, size: read.length, limit: limit, rule: rule) }
        return read.bytes.prefix(read.length)
    }

    private static func unreadable(_ operation: String, path: String, errorNumber: Int32) -> SecretFileError {
        var error = SecretFileError(.unreadable, path: path, "\(operation): \(String(cString: strerror(errorNumber)))")
        error.errorNumber = errorNumber
        return error
    }

    private static func tooLarge(_ what: String, _ path: String, size: Int, limit: Int, rule: String) -> SecretFileError {
        var error = SecretFileError(.tooLarge, path: path, "\(what) \(path) is \(size) bytes; \(rule); is this the right file?")
        error.size = size
        error.limit = limit
        return error
    }
}

private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
    open(path, flags)
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
