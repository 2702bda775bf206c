import Synchronization
@testable import SesameVault

/// Counts key-derivation calls, to prove that a refused file never reaches Argon2id and that cached
/// reads do not run it again.
final class KDFCounter: Sendable {
    private let calls = Mutex(0)

    /// The calls so far.
    var count: Int { calls.withLock { $0 } }

    /// Argon2id, counted.
    var derivation: KeyDerivation {
        KeyDerivation.argon2id.observed { _ in self.calls.withLock { $0 += 1 } }
    }
}
