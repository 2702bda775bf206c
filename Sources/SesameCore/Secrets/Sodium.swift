import CSodium

/// libsodium's one-time initialisation.
package enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    /// Initialises libsodium once per process; safe to call from any thread, any number of times.
    package static func ensureInitialized() {
        precondition(initialized, "libsodium failed to initialise (sodium_init returned -1)")
    }

    /// Fills `buffer` with cryptographically secure random bytes.
    package static func randomBytes(_ buffer: UnsafeMutableRawBufferPointer) {
        ensureInitialized()
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    /// `count` cryptographically secure random bytes (for public values such as nonces and IDs).
    package static func randomBytes(count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { randomBytes($0) }
        return bytes
    }
}
