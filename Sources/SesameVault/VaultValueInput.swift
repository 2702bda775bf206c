#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// Reads a value to store (`sesame vault put`) from a file or a descriptor straight into guarded
/// memory, never through a `String` or the command line.
public enum VaultValueInput {
    /// Reads all of `descriptor` (e.g. standard input) up to the value limit.
    ///
    /// - Parameter name: the entry, for messages.
    /// - Throws: ``VaultError``: `entryTooLarge` past 65,536 bytes, `emptyValue`, `io`.
    public static func read(descriptor: Int32, name: String, source: String = "standard input") throws(VaultError) -> SecretBytes {
        let limit = VaultLimits.maxValueLength
        // One byte more than the limit tells "exactly the limit" from "too long".
        let read = SecretFileReader.read(descriptor: descriptor, capacity: limit + 1)
        let (buffer, length, failure) = (read.bytes, read.length, read.errorNumber)
        if failure != 0 {
            throw VaultError(.io, "cannot read the value for \(VaultName.quoted(name)) from \(source): \(String(cString: strerror(failure)))", errorNumber: failure)
        }
        guard length <= limit else {
            throw VaultError(.entryTooLarge, "the value for \(VaultName.quoted(name)) from \(source) is longer than \(limit) bytes")
        }
        guard length > 0 else {
            throw VaultError(.emptyValue, "the value for \(VaultName.quoted(name)) from \(source) is empty")
        }
        return buffer.prefix(length)
    }

    /// Reads the file at `path`.
    ///
    /// - Throws: ``VaultError``: `io` (missing, unreadable, not a regular file), and the limits of
    ///   ``read(descriptor:name:source:)``.
    public static func read(file path: String, name: String) throws(VaultError) -> SecretBytes {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            throw VaultError(.io, "cannot read the value file \(path): \(String(cString: strerror(code)))", errorNumber: code)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw VaultError(.io, "the value file \(path) is not a regular file")
        }
        return try read(descriptor: descriptor, name: name, source: path)
    }
}
