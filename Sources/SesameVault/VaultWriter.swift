#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Puts new vault bytes on disk so that `NAME` is always a whole old or a whole new file
/// (`vault-format.md` §6). Callers hold the ``VaultLock``.
///
/// 1. `open(DIR/.NAME.tmp-PID-RAND, O_EXCL|O_NOFOLLOW, 0600)`, `fchmod 0600`.
/// 2. Write everything (short writes, EINTR), flush, close, each checked; on failure the temporary
///    file is removed and the vault is untouched (`diskFull` for ENOSPC/EDQUOT).
/// 3. Backup: `link(NAME, NAME.bak.tmp)`, `rename(→ NAME.bak)` (a copy where links fail).
/// 4. `rename(temp, NAME)`, flush the directory.
struct VaultWriter {
    let paths: VaultPaths
    let fileIO: any VaultFileIO
    let crashHook: VaultCrashHook
    let random: VaultRandom
    let logger: Logger

    /// Replaces `NAME` with `bytes`; with `backupOf` (the current file's bytes), first makes the current
    /// file `NAME.bak`. Returns the identity of the new file.
    @discardableResult
    func replace(with bytes: [UInt8], backupOf current: [UInt8]?) throws(VaultError) -> FileIdentity {
        let (temporary, identity) = try writeTemporary(bytes, prefix: "")
        do throws(VaultError) {
            if let current { try installBackup(copyOf: current) }
            try rename(temporary, to: paths.file, prefix: "")
        } catch {
            unlink(temporary)
            throw error
        }
        return identity
    }

    /// Replaces `NAME.bak` with `bytes` (steps 1, 2, 4): `passwd` rewrapping the backup.
    func replaceBackup(with bytes: [UInt8]) throws(VaultError) {
        let (temporary, _) = try writeTemporary(bytes, prefix: "bak-")
        do throws(VaultError) {
            try rename(temporary, to: paths.backup, prefix: "bak-")
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Makes the current `NAME` the backup (step 3 alone): `link` + `rename`, atomic for readers of `.bak`.
    func installBackup(copyOf current: [UInt8]?) throws(VaultError) {
        unlink(paths.backupTemporary)
        if link(paths.file, paths.backupTemporary) == 0 {
            crashHook.reached(.backupLinked)
            guard systemRename(paths.backupTemporary, paths.backup) == 0 else {
                let code = errno
                unlink(paths.backupTemporary)
                throw .system("back up", paths.display, errorNumber: code)
            }
            // When NAME.bak already was a link to NAME (a crash after step 3), rename() of one link over
            // another of the same inode does nothing and leaves the temporary name behind.
            unlink(paths.backupTemporary)
            crashHook.reached(.backupRenamed)
            return
        }
        let code = errno
        // Filesystems without hard links: a flushed copy, renamed into place.
        guard let current, [EPERM, EXDEV, EMLINK, ENOTSUP, EOPNOTSUPP, ENOSYS].contains(code) else {
            throw .system("back up", paths.display, errorNumber: code)
        }
        logger.debug("link() failed (\(String(cString: strerror(code)))); backing up \(paths.display) by copy")
        let (temporary, _) = try writeTemporary(current, prefix: "copy-")
        guard systemRename(temporary, paths.backup) == 0 else {
            let renameCode = errno
            unlink(temporary)
            throw .system("back up", paths.display, errorNumber: renameCode)
        }
        crashHook.reached(.backupRenamed)
    }

    /// Creates `NAME` with `bytes`, refusing an existing file: `link(temp, NAME)`, then unlink the temp.
    @discardableResult
    func create(with bytes: [UInt8]) throws(VaultError) -> FileIdentity {
        let (temporary, identity) = try writeTemporary(bytes, prefix: "")
        defer { unlink(temporary) }
        guard link(temporary, paths.file) == 0 else {
            let code = errno
            if code == EEXIST { throw .vaultExists(paths.display) }
            throw .system("create", paths.display, errorNumber: code)
        }
        crashHook.reached(.linked)
        unlink(temporary)
        synchronizeDirectory(prefix: "")
        return identity
    }

    // MARK: - Steps

    /// Steps 1 and 2. On failure nothing is left behind.
    private func writeTemporary(_ bytes: [UInt8], prefix: String) throws(VaultError) -> (String, FileIdentity) {
        let temporary = paths.temporary(random: random)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0o600)
        guard descriptor >= 0 else { throw .system("create a temporary file for", paths.display, errorNumber: errno) }
        var open = true
        do throws(VaultError) {
            guard fchmod(descriptor, 0o600) == 0 else { throw VaultError.system("set mode 0600 for", paths.display, errorNumber: errno) }
            crashHook.reached(.temporaryCreated, prefix: prefix)
            try writeAll(bytes, to: descriptor)
            crashHook.reached(.temporaryWritten, prefix: prefix)
            do throws(VaultFileIOFailure) {
                try fileIO.synchronize(descriptor)
            } catch {
                throw VaultError.system("write", paths.display, errorNumber: error.errorNumber)
            }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw VaultError.system("inspect", paths.display, errorNumber: errno) }
            open = false
            do throws(VaultFileIOFailure) {
                try fileIO.close(descriptor)
            } catch {
                throw VaultError.system("write", paths.display, errorNumber: error.errorNumber)
            }
            crashHook.reached(.temporarySynced, prefix: prefix)
            return (temporary, FileIdentity(status))
        } catch {
            if open { _ = try? fileIO.close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(VaultError) {
        var offset = 0
        let failure: Int32? = bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                do throws(VaultFileIOFailure) {
                    let written = try fileIO.write(descriptor, UnsafeRawBufferPointer(rebasing: raw[offset...]))
                    // A zero-byte write of a non-empty buffer would loop forever; treat it as a full disk.
                    guard written > 0 else { return ENOSPC }
                    offset += written
                } catch {
                    if error.errorNumber == EINTR { continue }
                    return error.errorNumber
                }
            }
            return nil
        }
        if let failure { throw .system("write", paths.display, errorNumber: failure) }
    }

    /// Step 4.
    private func rename(_ temporary: String, to target: String, prefix: String) throws(VaultError) {
        guard systemRename(temporary, target) == 0 else { throw .system("replace", paths.display, errorNumber: errno) }
        crashHook.reached(.renamed, prefix: prefix)
        synchronizeDirectory(prefix: prefix)
    }

    /// Flushes the directory entry changes. The new file is already in place, so a failure here is a
    /// warning, not an error: the vault is not unchanged any more.
    private func synchronizeDirectory(prefix: String) {
        let descriptor = open(paths.directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            logger.warning("cannot open the folder of vault \(paths.display) to flush it: \(String(cString: strerror(errno)))")
            return
        }
        do throws(VaultFileIOFailure) {
            try fileIO.synchronize(descriptor)
        } catch {
            logger.warning("cannot flush the folder of vault \(paths.display): \(String(cString: strerror(error.errorNumber)))")
        }
        _ = try? fileIO.close(descriptor)
        crashHook.reached(.directorySynced, prefix: prefix)
    }
}

/// `rename(2)`, named apart from ``VaultWriter``'s own `rename` step.
private func systemRename(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}
