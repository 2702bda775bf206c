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
///    waived problem is handed back so that the caller can warn.
/// 4. A size cap chosen by the caller, checked before and while reading.
/// 5. Read straight into guarded memory (``SecretBytes``), never through an ordinary buffer.
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
        if let problem, !allowInsecurePermissions {
            close(descriptor)
            throw problem
        }
        return OpenFile(descriptor: descriptor, status: status, waivedProblem: problem)
    }

    /// The whole file at `path`, after checks 1–5.
    ///
    /// - Parameter maxSize: the largest file accepted, in bytes.
    /// - Throws: ``SecretFileError``: the errors of ``open(_:what:allowInsecurePermissions:)``, `tooLarge`,
    ///   `unreadable`.
    package static func read(
        _ path: String, what: String, maxSize: Int = maxKeyFileSize, allowInsecurePermissions: Bool = false
    ) throws(SecretFileError) -> SecretBytes {
        let file = try open(path, what: what, allowInsecurePermissions: allowInsecurePermissions)
        let rule = "at most \(maxSize) bytes are accepted"
        return try contents(of: file, what: what, path: path, maxSize: maxSize, rule: rule, limit: maxSize)
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
            var error = SecretFileError(
                .insecurePermissions, path: path, "\(what) \(path) is owned by uid \(owner), not by you (uid \(me)); fix: chown \(me) \(path)"
            )
            error.owner = owner
            return error
        }
        let mode = UInt32(status.st_mode) & 0o7777
        guard mode & 0o077 != 0 else { return nil }
        var error = SecretFileError(
            .insecurePermissions, path: path, "\(what) \(path) has mode \(octal(mode)) (group/others can read it); fix: chmod 600 \(path)"
        )
        error.mode = mode
        return error
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
