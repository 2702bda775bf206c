#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// Reads a small secret file straight into guarded memory, refusing files other users can read.
package enum SecretFile {
    /// The largest secret file accepted (a 4096-bit PEM key is about 3.3 KB).
    package static let maxSize = 64 * 1024

    /// The contents of `path`.
    ///
    /// - Parameters:
    ///   - what: how the file is named in messages, e.g. `key file` or `passphrase file`.
    ///   - allowInsecurePermissions: accept a file readable by group or others.
    /// - Throws: ``KeyStoreError``: `.notFound`, `.insecurePermissions` (with the chmod that fixes it),
    ///   `.unreadable`, `.invalidFormat` (too large or not a regular file).
    package static func read(_ path: String, what: String, allowInsecurePermissions: Bool = false) throws -> SecretBytes {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; the type check below refuses it.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT {
                throw KeyStoreError(.notFound, "\(what) \(path) does not exist")
            }
            throw KeyStoreError(.unreadable, "cannot open \(what) \(path): \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw KeyStoreError(.unreadable, "cannot inspect \(what) \(path): \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw KeyStoreError(.invalidFormat, "\(what) \(path) is not a regular file")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        let mode = status.st_mode & 0o777
        if mode & 0o077 != 0 && !allowInsecurePermissions {
            throw KeyStoreError(
                .insecurePermissions,
                "\(what) \(path) has mode \(octal(mode)) (group/others can read it); fix: chmod 600 \(path)"
            )
        }
        let size = Int(status.st_size)
        guard size <= maxSize else {
            throw KeyStoreError(.invalidFormat, "\(what) \(path) is \(size) bytes; a key file is at most \(maxSize) bytes; is this the right file?")
        }
        var filled = 0
        let secret = try SecretBytes(count: size) { buffer in
            while filled < size {
                let count = systemRead(descriptor, buffer.baseAddress! + filled, size - filled)
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else {
                    throw KeyStoreError(.unreadable, "cannot read \(what) \(path): \(String(cString: strerror(errno)))")
                }
                if count == 0 { break }
                filled += count
            }
        }
        return secret.prefix(filled)
    }

    /// `0644`.
    package static func octal(_ mode: mode_t) -> String {
        let text = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
