import Foundation
import Synchronization
@testable import SesameVault

/// A ``VaultFileIO`` that fails one kind of call with a chosen `errno`, or splits writes into short
/// pieces with EINTR in between (which must still succeed).
final class FaultyFileIO: VaultFileIO {
    enum Call: Sendable, CustomStringConvertible {
        case write, synchronize, close

        var description: String {
            switch self {
            case .write: "write"
            case .synchronize: "fsync"
            case .close: "close"
            }
        }
    }

    private let failing: Call?
    private let errorNumber: Int32
    private let shortWrites: Bool
    private let system = SystemFileIO()
    private let interrupted = Mutex(false)

    init(failing: Call?, errorNumber: Int32 = ENOSPC, shortWrites: Bool = false) {
        self.failing = failing
        self.errorNumber = errorNumber
        self.shortWrites = shortWrites
    }

    func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(VaultFileIOFailure) -> Int {
        if failing == .write { throw VaultFileIOFailure(errorNumber) }
        guard shortWrites else { return try system.write(descriptor, bytes) }
        // Every other call is interrupted; the others write at most 100 bytes.
        let interrupt = interrupted.withLock { flag in
            flag.toggle()
            return flag
        }
        if interrupt { throw VaultFileIOFailure(EINTR) }
        return try system.write(descriptor, UnsafeRawBufferPointer(rebasing: bytes.prefix(100)))
    }

    func synchronize(_ descriptor: Int32) throws(VaultFileIOFailure) {
        if failing == .synchronize { throw VaultFileIOFailure(errorNumber) }
        try system.synchronize(descriptor)
    }

    func close(_ descriptor: Int32) throws(VaultFileIOFailure) {
        if failing == .close {
            // The descriptor is released even when close reports an error.
            try? system.close(descriptor)
            throw VaultFileIOFailure(errorNumber)
        }
        try system.close(descriptor)
    }
}
