#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the files Sesame is given that hold no secret: `providers.json`, the emulator's
/// configuration, public keys, files to import settings from.
///
/// The hostile-input half of ``SecretFileReader``'s policy: opened without blocking (a FIFO cannot
/// hang the caller), a regular file only (not a folder, device or socket: `/dev/zero` cannot fill
/// memory), and a size cap checked before and while reading. No ownership or mode check: nothing in
/// these files needs hiding.
package enum PlainFileReader {
    /// The cap for `providers.json` and the emulator's configuration file.
    package static let maxConfigurationFileSize = 1 << 20

    /// The whole file at `path`.
    ///
    /// - Parameters:
    ///   - what: how the file is named in messages (`registry`, `public key file`).
    ///   - maxSize: the largest file accepted, in bytes.
    /// - Throws: ``SecretFileError``: `notFound`, `unreadable`, `notRegularFile`, `tooLarge`.
    package static func read(_ path: String, what: String, maxSize: Int = maxConfigurationFileSize) throws(SecretFileError) -> [UInt8] {
        let file = try SecretFileReader.openRegularFile(path, what: what)
        let tooLarge = { (size: Int) -> SecretFileError in
            var error = SecretFileError(.tooLarge, path: path, "\(what) \(path) is \(size) bytes; at most \(maxSize) bytes are accepted; is this the right file?")
            error.size = size
            error.limit = maxSize
            return error
        }
        let size = Int(file.status.st_size)
        guard size <= maxSize else { throw tooLarge(size) }
        // One byte past the cap tells a file that grew after `fstat` from one that fits.
        var bytes = [UInt8](repeating: 0, count: maxSize + 1)
        var length = 0
        while length < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                plainRead(file.descriptor, buffer.baseAddress! + length, buffer.count - length)
            }
            if got < 0 {
                if errno == EINTR { continue }
                let code = errno
                var error = SecretFileError(.unreadable, path: path, "cannot read \(what) \(path): \(String(cString: strerror(code)))")
                error.errorNumber = code
                throw error
            }
            if got == 0 { break }
            length += got
        }
        guard length <= maxSize else { throw tooLarge(length) }
        return Array(bytes[..<length])
    }
}

private func plainRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
