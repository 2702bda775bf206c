#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls that put a new vault file on disk, behind a seam so tests can make them fail
/// (ENOSPC, EIO) and prove the vault is left unchanged.
///
/// Conformers perform exactly one system call per method, may write fewer bytes than asked, and
/// report failure as the `errno` value in ``VaultFileIOFailure``. `EINTR` is retried by the caller.
package protocol VaultFileIO: Sendable {
    /// `write(2)`: writes up to `bytes.count` bytes, returns how many were written.
    func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(VaultFileIOFailure) -> Int
    /// Flushes the file (or directory) to stable storage: `fsync(2)`, `F_FULLFSYNC` on Darwin.
    func synchronize(_ descriptor: Int32) throws(VaultFileIOFailure)
    /// `close(2)`.
    func close(_ descriptor: Int32) throws(VaultFileIOFailure)
}

/// A failed system call: its `errno`.
package struct VaultFileIOFailure: Error, Sendable, Equatable {
    /// The `errno` value, e.g. `ENOSPC`.
    package let errorNumber: Int32

    /// Creates a failure with `errno` value `errorNumber`.
    package init(_ errorNumber: Int32) {
        self.errorNumber = errorNumber
    }
}

/// The real system calls.
package struct SystemFileIO: VaultFileIO {
    /// Creates the system implementation.
    package init() {}

    /// `write(2)`.
    package func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(VaultFileIOFailure) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        let written = systemWrite(descriptor, base, bytes.count)
        guard written >= 0 else { throw VaultFileIOFailure(errno) }
        return written
    }

    /// `fsync(2)`; on Darwin `fcntl(F_FULLFSYNC)`, falling back to `fsync` where it is unsupported.
    package func synchronize(_ descriptor: Int32) throws(VaultFileIOFailure) {
        #if canImport(Darwin)
        if fcntl(descriptor, F_FULLFSYNC) == 0 { return }
        #endif
        guard fsync(descriptor) == 0 else { throw VaultFileIOFailure(errno) }
    }

    /// `close(2)`. The descriptor is released even when this reports an error.
    package func close(_ descriptor: Int32) throws(VaultFileIOFailure) {
        guard systemClose(descriptor) == 0 else { throw VaultFileIOFailure(errno) }
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
