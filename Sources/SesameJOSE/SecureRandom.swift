import COpenSSL

/// Random bytes from OpenSSL's CSPRNG: one call for any length, instead of one system call per
/// eight bytes (`SystemRandomNumberGenerator`), for `jti` values and minted tokens.
public enum SecureRandom {
    /// `count` cryptographically secure random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let filled = bytes.withUnsafeMutableBufferPointer { buffer in
            RAND_bytes(buffer.baseAddress, Int32(buffer.count)) == 1
        }
        if !filled {
            // OpenSSL's generator could not seed (it never fails once seeded): the system's, byte by byte.
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        }
        return bytes
    }
}
