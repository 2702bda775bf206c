import CSodium
import SesameCore

/// Turns a passphrase and salt into the 32-byte key that wraps the data key (the KEK).
///
/// ``argon2id`` is the only real implementation; the type exists so that tests and hosts can observe
/// the calls (`counting`), e.g. to prove that a damaged file is refused without running the KDF.
package struct KeyDerivation: Sendable {
    /// Derives the key into guarded memory; returns `nil` when the KDF cannot get its memory.
    package let derive: @Sendable (_ passphrase: SecretBytes, _ salt: [UInt8], _ parameters: KDFParameters) -> SecretBytes?

    /// Creates a derivation from a function.
    package init(derive: @escaping @Sendable (_ passphrase: SecretBytes, _ salt: [UInt8], _ parameters: KDFParameters) -> SecretBytes?) {
        self.derive = derive
    }

    /// `crypto_pwhash` with `crypto_pwhash_ALG_ARGON2ID13` passed explicitly (the default may change)
    /// and the stored opslimit and memlimit.
    package static let argon2id = KeyDerivation { passphrase, salt, parameters in
        precondition(salt.count == VaultCrypto.saltLength, "Argon2id salt must be 16 bytes")
        var succeeded = false
        let key = SecretBytes(count: VaultCrypto.keyLength) { output in
            passphrase.withUnsafeBytes { input in
                // An empty passphrase never reaches here; the pointer must still be valid.
                let bytes = input.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(bitPattern: 1)!
                succeeded = crypto_pwhash(
                    output.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(output.count),
                    bytes, UInt64(input.count), salt,
                    UInt64(parameters.opsLimit), parameters.memoryBytes, crypto_pwhash_ALG_ARGON2ID13
                ) == 0
            }
        }
        return succeeded ? key : nil
    }

    /// A derivation that calls `observer` before each call of `self` (for counting in tests).
    package func observed(by observer: @escaping @Sendable (KDFParameters) -> Void) -> KeyDerivation {
        let base = derive
        return KeyDerivation { passphrase, salt, parameters in
            observer(parameters)
            return base(passphrase, salt, parameters)
        }
    }
}
