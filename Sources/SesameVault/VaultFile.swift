#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import SesameCore

/// Which version of a file was read: device, inode, size, mtime and ctime. A writer renames a new
/// inode into place (and `link`/`rename` change the ctime), so an equal identity means the same
/// generation, even if an inode number is reused.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int64
    let modifiedNanoseconds: Int64
    let changedSeconds: Int64
    let changedNanoseconds: Int64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        #if canImport(Darwin)
        modifiedSeconds = Int64(status.st_mtimespec.tv_sec)
        modifiedNanoseconds = Int64(status.st_mtimespec.tv_nsec)
        changedSeconds = Int64(status.st_ctimespec.tv_sec)
        changedNanoseconds = Int64(status.st_ctimespec.tv_nsec)
        #else
        modifiedSeconds = Int64(status.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(status.st_mtim.tv_nsec)
        changedSeconds = Int64(status.st_ctim.tv_sec)
        changedNanoseconds = Int64(status.st_ctim.tv_nsec)
        #endif
    }

    /// The identity of the file at `path` (following symlinks), or `nil` when it cannot be stat'ed.
    static func of(_ path: String) -> FileIdentity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileIdentity(status)
    }
}

/// One whole generation of a vault file as read from disk: the checked header and the raw bytes.
/// Nothing here is secret (the body is ciphertext).
struct VaultImage: Sendable {
    let header: VaultHeader
    /// The whole file, header included.
    let bytes: [UInt8]
    let identity: FileIdentity

    /// The header's 204 bytes as stored.
    var headerBytes: ArraySlice<UInt8> { bytes[0..<VaultHeader.length] }
    /// The ciphertext and tag.
    var body: ArraySlice<UInt8> { bytes[VaultHeader.length...] }
}

/// Reading vault files: ``SecretFileReader``'s checks (regular file, owner, mode), header
/// classification before the body is allocated, then the body. Readers take no lock: writers rename
/// whole files into place.
enum VaultFile {
    /// Reads and checks the vault at `paths` up to and including the KDF range check (§9 order).
    ///
    /// - Parameter allowInsecure: accept a file another user owns or others can access, with a warning.
    /// - Throws: ``VaultError``: `vaultNotFound`, `insecurePermissions`, `io`, and every header error.
    static func read(_ paths: VaultPaths, allowInsecure: Bool, logger: Logger) throws(VaultError) -> VaultImage {
        let file: SecretFileReader.OpenFile
        do {
            file = try SecretFileReader.open(paths.file, what: "vault", allowInsecurePermissions: allowInsecure)
        } catch {
            throw .vaultFile(error, display: paths.display)
        }
        if let waived = file.waivedProblem {
            let problem = VaultError.permissions(waived, path: paths.display, what: "vault")
            logger.warning("\(problem.message) (accepted: insecure permissions are allowed)")
        }
        let size = Int(file.status.st_size)
        var prefix = [UInt8](repeating: 0, count: min(size, VaultHeader.classificationPrefix))
        let prefixRead = try readFully(file.descriptor, into: &prefix, at: 0, path: paths.display)
        // A shorter read than fstat promised is classified like a shorter file.
        let header = try VaultHeader.decode(Array(prefix[0..<prefixRead]), fileSize: prefixRead < prefix.count ? prefixRead : size, path: paths.display)
        // The header bounds the allocation: at most 204 + 4,194,320 bytes.
        var bytes = [UInt8](repeating: 0, count: header.fileLength)
        let total = try readFully(file.descriptor, into: &bytes, at: 0, path: paths.display)
        guard total == bytes.count else { throw .truncated(paths.display, size: total, expected: bytes.count) }
        return VaultImage(header: header, bytes: bytes, identity: FileIdentity(file.status))
    }

    /// Warns when the vault's folder is writable by everyone (anyone could replace the files).
    static func warnAboutDirectory(_ paths: VaultPaths, logger: Logger) {
        var status = stat()
        guard stat(paths.directory, &status) == 0 else { return }
        if UInt32(status.st_mode) & 0o002 != 0 {
            logger.warning("the folder \(paths.directory) of vault \(paths.display) is writable by everyone; fix: chmod o-w \(paths.directory)")
        }
    }

    /// Fills `buffer` from `offset` with `pread`, retrying EINTR and short reads; returns the bytes read
    /// (fewer only at end of file).
    static func readFully(_ descriptor: Int32, into buffer: inout [UInt8], at offset: Int, path: String) throws(VaultError) -> Int {
        var filled = 0
        let count = buffer.count
        let result: Int32 = buffer.withUnsafeMutableBytes { raw in
            while filled < count {
                let got = pread(descriptor, raw.baseAddress! + filled, count - filled, off_t(offset + filled))
                if got < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if got == 0 { break }
                filled += got
            }
            return 0
        }
        guard result == 0 else { throw .system("read", path, errorNumber: result) }
        return filled
    }
}
