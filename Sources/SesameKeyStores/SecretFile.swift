#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// The key stores' view of ``SecretFileReader``: the same checks, failures as ``KeyStoreError``.
package enum SecretFile {
    /// The largest secret file accepted (a 4096-bit PEM key is about 3.3 KB).
    package static let maxSize = SecretFileReader.maxKeyFileSize

    /// The contents of `path`, read whole.
    ///
    /// - Parameters:
    ///   - what: how the file is named in messages, e.g. `key file` or `.env file`.
    ///   - allowInsecurePermissions: accept a file another user owns or group/others can access.
    /// - Throws: ``KeyStoreError``: `.notFound`, `.insecurePermissions` (with the `chmod` or `chown`
    ///   that fixes it), `.unreadable`, `.invalidFormat` (too large or not a regular file).
    package static func read(_ path: String, what: String, allowInsecurePermissions: Bool = false) throws -> SecretBytes {
        do {
            return try SecretFileReader.read(path, what: what, maxSize: maxSize, allowInsecurePermissions: allowInsecurePermissions)
        } catch {
            throw KeyStoreError(error)
        }
    }

    /// `0644`.
    package static func octal(_ mode: mode_t) -> String {
        SecretFileReader.octal(UInt32(mode))
    }
}
