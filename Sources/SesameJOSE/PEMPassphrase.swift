import COpenSSL
import SesameCore

/// Hands a passphrase to OpenSSL's PEM password callback without copying it out of guarded memory.
enum PEMPassphrase {
    /// What the callback's user-data pointer points to.
    private struct Buffer {
        var bytes: UnsafeRawPointer?
        var count: Int
    }

    /// OpenSSL's `pem_password_cb`: copies the passphrase that `context` (from ``with(_:_:)``) points
    /// to. Without one it answers 0, which makes OpenSSL fail instead of prompting on the terminal.
    static let callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = { output, size, _, context in
        guard let output, let context else { return 0 }
        let passphrase = context.assumingMemoryBound(to: Buffer.self).pointee
        guard let bytes = passphrase.bytes, passphrase.count > 0, passphrase.count <= Int(size) else { return 0 }
        UnsafeMutableRawPointer(output).copyMemory(from: bytes, byteCount: passphrase.count)
        return Int32(passphrase.count)
    }

    /// Calls `body` with the user-data pointer for ``callback``, valid during the call only.
    static func with<Result>(_ passphrase: SecretBytes?, _ body: (UnsafeMutableRawPointer) throws -> Result) rethrows -> Result {
        guard let passphrase else {
            var empty = Buffer(bytes: nil, count: 0)
            return try withUnsafeMutablePointer(to: &empty) { try body(UnsafeMutableRawPointer($0)) }
        }
        return try passphrase.withUnsafeBytes { bytes in
            var buffer = Buffer(bytes: bytes.baseAddress, count: bytes.count)
            return try withUnsafeMutablePointer(to: &buffer) { try body(UnsafeMutableRawPointer($0)) }
        }
    }
}
