import CSodium
import SesameCore
import Synchronization

/// Where the vault's random bytes come from: IDs, salts, nonces, data keys.
///
/// ``system`` (`randombytes_buf`) always, except in golden-file tests, which use ``deterministic(seed:)``.
package struct VaultRandom: Sendable {
    /// Fills the buffer with random bytes.
    package let fill: @Sendable (UnsafeMutableRawBufferPointer) -> Void

    /// Creates a source from a fill function.
    package init(fill: @escaping @Sendable (UnsafeMutableRawBufferPointer) -> Void) {
        self.fill = fill
    }

    /// libsodium's CSPRNG.
    package static let system = VaultRandom { Sodium.randomBytes($0) }

    /// A reproducible stream for tests: call N fills `randombytes_buf_deterministic` with
    /// `seed` XOR N in its first 8 bytes. Never for real vaults.
    package static func deterministic(seed: [UInt8]) -> VaultRandom {
        precondition(seed.count == 32, "a deterministic seed has 32 bytes")
        let counter = DeterministicCounter()
        return VaultRandom { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            var callSeed = seed
            let call = counter.next()
            for index in 0..<8 { callSeed[index] ^= UInt8(truncatingIfNeeded: call >> (8 * UInt64(index))) }
            Sodium.ensureInitialized()
            randombytes_buf_deterministic(base, buffer.count, callSeed)
        }
    }

    /// `count` random bytes (public values: IDs, salts, nonces).
    func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { fill($0) }
        return bytes
    }
}

private final class DeterministicCounter: Sendable {
    private let value = Mutex<UInt64>(0)

    func next() -> UInt64 {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
