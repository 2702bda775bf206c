#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// Reads and atomically replaces entry files.
enum FileTokenEntryFile {
    /// The entry at `path`; `nil` when there is none.
    ///
    /// The file must be a regular file (not a symlink) owned by the user with mode 0600 or stricter,
    /// at most ``FileTokenEntry/maxSize`` bytes, and hold an entry for `key` (any key when `nil`).
    ///
    /// - Throws: ``FileTokenStoreError`` `.corruptedEntry` (with the fix) or `.readFailed`.
    static func read(_ path: String, for key: SharedTokenKey?) throws(FileTokenStoreError) -> FileTokenEntry? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { throw corrupted(path, "is a symbolic link") }
            throw FileTokenStoreError(.readFailed, "cannot open token cache entry \(path): \(String(cString: strerror(code)))", errorNumber: code)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            throw FileTokenStoreError(.readFailed, "cannot inspect token cache entry \(path): \(String(cString: strerror(code)))", errorNumber: code)
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw corrupted(path, "is not a regular file") }
        guard UInt32(status.st_uid) == UInt32(geteuid()) else { throw corrupted(path, "is owned by uid \(status.st_uid), not by you") }
        let mode = UInt32(status.st_mode) & 0o7777
        guard mode & 0o077 == 0 else { throw corrupted(path, "has mode \(SecretFileReader.octal(mode)) instead of 0600") }
        guard Int(status.st_size) <= FileTokenEntry.maxSize else { throw corrupted(path, "is \(status.st_size) bytes, more than an entry can be") }
        var bytes = [UInt8](repeating: 0, count: FileTokenEntry.maxSize + 1)
        var length = 0
        while length < bytes.count {
            let got = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + length, $0.count - length) }
            if got < 0 {
                let code = errno
                if code == EINTR { continue }
                throw FileTokenStoreError(.readFailed, "cannot read token cache entry \(path): \(String(cString: strerror(code)))", errorNumber: code)
            }
            if got == 0 { break }
            length += got
        }
        guard length <= FileTokenEntry.maxSize else { throw corrupted(path, "is more than \(FileTokenEntry.maxSize) bytes") }
        guard let entry = FileTokenEntry.decode(Array(bytes[0..<length])) else { throw corrupted(path, "is not a token cache entry of this version") }
        if let key, !entry.belongs(to: key) { throw corrupted(path, "was stored under another key") }
        return entry
    }

    /// Replaces the entry at `path` with `entry`: written to `temporary` (created 0600, `O_EXCL`) in
    /// the same folder, flushed, renamed into place, and the folder flushed. On any failure the
    /// temporary file is removed and the previous entry is unchanged.
    ///
    /// - Throws: ``FileTokenStoreError`` `.diskFull` or `.writeFailed`.
    static func write(_ entry: FileTokenEntry, to path: String, via temporary: String, folder: String, faults: FileTokenStoreFaults) throws(FileTokenStoreError) {
        var descriptor: Int32 = -1
        if let injected = faults.errorNumber(.createTemporary) {
            errno = injected
        } else {
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        guard descriptor >= 0 else { throw failure("create a file in \(folder)", errno, folder: folder) }
        var committed = false
        defer { if !committed { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, 0o600) == 0 else { throw failure("set mode 0600 on \(temporary)", errno, folder: folder) }
            let bytes = entry.encoded()
            var offset = 0
            while offset < bytes.count {
                var written = -1
                if let injected = faults.errorNumber(.write) {
                    errno = injected
                } else {
                    written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw failure("write \(path)", errno, folder: folder) }
                offset += written
            }
            guard fsync(descriptor) == 0 else { throw failure("flush \(path) to disk", errno, folder: folder) }
        }
        guard rename(temporary, path) == 0 else { throw failure("replace \(path)", errno, folder: folder) }
        committed = true
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    private static func corrupted(_ path: String, _ why: String) -> FileTokenStoreError {
        FileTokenStoreError(.corruptedEntry, "token cache entry \(path) \(why); the next token stored replaces it (or remove it: rm \(path))")
    }

    private static func failure(_ action: String, _ code: Int32, folder: String) -> FileTokenStoreError {
        if code == ENOSPC || code == EDQUOT {
            return FileTokenStoreError(.diskFull, "cannot \(action): no space left on the device holding \(folder); free some space (the previous entry is unchanged)", errorNumber: code)
        }
        return FileTokenStoreError(
            .writeFailed,
            "cannot \(action): \(String(cString: strerror(code))); make \(folder) writable by you, or set \"directory\" in tokenCache (the previous entry is unchanged)",
            errorNumber: code
        )
    }
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
