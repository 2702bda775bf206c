import Foundation
import Sesame
import Synchronization

/// A provider minting `minted-N` tokens valid for 900 s, counting its exchanges.
final class CountingProvider: AuthProvider {
    private let count = Mutex(0)

    var exchanges: Int { count.withLock { $0 } }

    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        let number = count.withLock { count in
            count += 1
            return count
        }
        let now = Date()
        return AccessToken(value: "minted-\(number)", expiresAt: now + 900, issuedAt: now)
    }
}

/// Faults a test switches on and off while a store runs.
final class FaultSwitch: Sendable {
    private let failing = Mutex<[FileTokenStoreFaults.Operation: Int32]>([:])

    func set(_ operation: FileTokenStoreFaults.Operation, _ errorNumber: Int32?) {
        failing.withLock { $0[operation] = errorNumber }
    }

    var faults: FileTokenStoreFaults {
        FileTokenStoreFaults { operation in self.failing.withLock { $0[operation] } }
    }
}
