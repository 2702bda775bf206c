#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore
import SesameVault

/// Reads a value to store (`sesame vault put`) from a file or a descriptor straight into guarded
/// memory, never through a `String` or the command line.
enum VaultValueInput {
    /// Reads all of `descriptor` (e.g. standard input) up to the value limit.
    ///
    /// - Parameter name: the entry, for messages.
    /// - Throws: ``VaultError``: `entryTooLarge` past 65,536 bytes, `emptyValue`, `io`.
    static func read(descriptor: Int32, name: String, source: String = "standard input") throws(VaultError) -> SecretBytes {
        let limit = VaultLimits.maxValueLength
        // One byte more than the limit tells "exactly the limit" from "too long".
        let read = SecretFileReader.read(descriptor: descriptor, capacity: limit + 1)
        if read.errorNumber != 0 {
            let reason = String(cString: strerror(read.errorNumber))
            throw VaultError(.io, "cannot read the value for \(VaultName.quoted(name)) from \(source): \(reason)", errorNumber: read.errorNumber)
        }
        guard read.length <= limit else {
            throw VaultError(.entryTooLarge, "the value for \(VaultName.quoted(name)) from \(source) is longer than \(limit) bytes")
        }
        guard read.length > 0 else {
            throw VaultError(.emptyValue, "the value for \(VaultName.quoted(name)) from \(source) is empty")
        }
        return read.bytes.prefix(read.length)
    }

    /// Reads the file at `path`, opened like every secret file (no blocking on a FIFO, regular files
    /// only). Its permissions are not checked: it is the input being imported, often a download.
    ///
    /// - Throws: ``VaultError``: `io` (missing, unreadable, not a regular file), and the limits of
    ///   ``read(descriptor:name:source:)``.
    static func read(file path: String, name: String) throws(VaultError) -> SecretBytes {
        let file: SecretFileReader.OpenFile
        do {
            file = try SecretFileReader.open(path, what: "value file", allowInsecurePermissions: true)
        } catch {
            throw VaultError(.io, "cannot read the value: \(error.message)", path: path, errorNumber: error.errorNumber)
        }
        return try read(descriptor: file.descriptor, name: name, source: path)
    }
}
