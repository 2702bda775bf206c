#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process ID a lock file's holder writes into it, so that a waiter that gives up can name who
/// holds the lock. The `flock` is the lock; this record is only for messages.
package enum LockHolderRecord {
    /// Replaces the content of the lock file `descriptor` with this process's ID.
    package static func write(to descriptor: Int32) {
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// The process ID recorded in the lock file `descriptor`, or `nil` when there is none.
    package static func read(from descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).filter(\.isNumber))
    }
}
