#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// What ``readIntoGuardedMemory(_:capacity:)`` read.
struct GuardedRead {
    /// `capacity` bytes of guarded memory; the first ``length`` hold what was read.
    let bytes: SecretBytes
    /// How many bytes were read; `capacity` means the input may be longer.
    let length: Int
    /// The `errno` of a failed read, else 0.
    let errorNumber: Int32
}

/// Reads `descriptor` until its end or until `capacity` bytes, straight into `sodium_malloc` memory,
/// retrying on `EINTR`. Secrets never pass through an ordinary buffer.
func readIntoGuardedMemory(_ descriptor: Int32, capacity: Int) -> GuardedRead {
    var length = 0
    var failure: Int32 = 0
    let bytes = SecretBytes(count: capacity) { buffer in
        while length < buffer.count {
            let got = read(descriptor, buffer.baseAddress! + length, buffer.count - length)
            if got < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            if got == 0 { return }
            length += got
        }
    }
    return GuardedRead(bytes: bytes, length: length, errorNumber: failure)
}
