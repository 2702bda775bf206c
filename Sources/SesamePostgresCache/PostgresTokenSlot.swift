import Foundation
import PostgresNIO
import SesameCore

/// One key's row inside ``PostgresTokenStore/withLock(on:timeout:_:)``: reads and writes on the
/// connection holding the key's advisory lock, within its transaction.
final class PostgresTokenSlot: SharedTokenSlot {
    private let store: PostgresTokenStore
    private let key: SharedTokenKey
    private let cipher: TokenCipher
    /// The locked connection; `nil` outside the lock.
    var connection: PostgresConnection?
    /// Whether ``store(_:)`` wrote a row.
    private(set) var didStore = false

    init(store: PostgresTokenStore, key: SharedTokenKey, cipher: TokenCipher) {
        self.store = store
        self.key = key
        self.cipher = cipher
    }

    func token() async throws -> AccessToken? {
        let connection = try lockedConnection()
        let row: (nonce: [UInt8], ciphertext: [UInt8])?
        do {
            row = try await store.table.row(for: key.digest, on: connection, logger: store.configuration.logger)
        } catch {
            throw store.wrapping(error, doing: "reading the shared token \(key.digest.prefix(8))… under its lock")
        }
        guard let row else { return nil }
        return try store.open(row, key: key, cipher: cipher)
    }

    func store(_ token: AccessToken) async throws {
        let connection = try lockedConnection()
        let sealed = SealedToken.seal(token, digest: key.digest, cipher: cipher)
        do {
            try await store.table.upsert(
                digest: key.digest, nonce: sealed.nonce, ciphertext: sealed.ciphertext, expiresAt: token.expiresAt,
                on: connection, logger: store.configuration.logger
            )
        } catch {
            throw store.wrapping(error, doing: "storing the shared token \(key.digest.prefix(8))…")
        }
        didStore = true
    }

    private func lockedConnection() throws -> PostgresConnection {
        guard let connection else {
            throw PostgresTokenStoreError(.closed, "the slot of \(key.digest.prefix(8))… was used after its lock was released; use it only inside withLock's body")
        }
        return connection
    }
}
