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
    ///   - expecting: what the file should hold, looked at before a refusal over permissions (so a
    ///     wrong path is told it is the wrong file rather than to `chmod` it); `nil`: no look.
    package static func read(_ path: String, what: String, allowInsecurePermissions: Bool = false, expecting: Content? = nil) throws -> SecretBytes {
        do {
            return try SecretFileReader.read(
                path, what: what, maxSize: maxSize, allowInsecurePermissions: allowInsecurePermissions, contentProblem: expecting?.problem
            )
        } catch {
            throw KeyStoreError(error)
        }
    }

    /// The cheap look at a file's content that tells an obviously wrong file.
    package enum Content: Sendable {
        /// A PEM block (`-----BEGIN `) somewhere in the file.
        case pem
        /// `.env` text: no NUL byte, and at least one line `[export] NAME=`.
        case dotenv

        func problem(_ bytes: UnsafeRawBufferPointer) -> String? {
            switch self {
            case .pem:
                let marker = Array("-----BEGIN ".utf8)
                guard bytes.count >= marker.count else { return "holds no PEM block (-----BEGIN ...)" }
                for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
                    if marker.indices.allSatisfy({ bytes[start + $0] == marker[$0] }) { return nil }
                }
                return "holds no PEM block (-----BEGIN ...)"
            case .dotenv:
                if bytes.contains(0) { return "is binary, not a .env file of NAME=value lines" }
                let defines = bytes.split(separator: 0x0A).contains { line in
                    var text = Substring(String(decoding: line, as: UTF8.self))
                    text = text.drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
                    if text.hasPrefix("export ") || text.hasPrefix("export\t") { text = text.dropFirst(7).drop { $0 == " " || $0 == "\t" } }
                    let name = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
                    return !name.isEmpty && text.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }.hasPrefix("=")
                }
                return defines ? nil : "is not a .env file: no line of it is NAME=value"
            }
        }
    }

    /// `0644`.
    package static func octal(_ mode: mode_t) -> String {
        SecretFileReader.octal(UInt32(mode))
    }
}
