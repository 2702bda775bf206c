import Foundation
import Logging
import Sesame
@testable import SesamePostgresCache
import SesameTestSupport
import Synchronization

/// Stores, keys and tokens for the tests: each test uses a table of its own, so they never see each
/// other's rows.
enum PostgresStoreFixture {
    /// A fresh table name.
    static func tableName() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    }

    /// 32 random bytes, as an `encryptionKey` secret.
    static func randomKey() -> SecretBytes {
        SecretBytes(copying: (0..<32).map { _ in UInt8.random(in: 0...255) })
    }

    /// A store on the server's trusted role (or `url`). The connection bound is generous by default:
    /// when the whole suite starts at once on two cores, a task can wait many seconds for a thread; a
    /// test of the bound itself passes its own.
    static func store(
        _ server: PostgresTestServer,
        url: String? = nil,
        table: String,
        key: SecretBytes,
        password: SecretBytes? = nil,
        connectTimeout: Duration = .seconds(60),
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws -> PostgresTokenStore {
        var readPassword: (@Sendable () async throws -> SecretBytes)?
        if let password { readPassword = { password } }
        return try PostgresTokenStore(configuration: .init(
            endpoint: PostgresEndpoint(url: url ?? server.url),
            table: table,
            password: readPassword,
            encryptionKey: { key },
            connectTimeout: connectTimeout,
            logger: logger
        ))
    }

    /// A key for provider `provider` and session `session`.
    static func key(provider: String = "coze-cn", session: String? = nil) -> SharedTokenKey {
        SharedTokenKey(provider: provider, request: TokenRequest(sessionName: session), configurationFingerprint: "fingerprint-1")
    }

    /// A token valid for `seconds`, with a recognisable value.
    static func token(_ value: String = "tok-" + UUID().uuidString, seconds: TimeInterval = 900) -> AccessToken {
        let now = Date()
        return AccessToken(value: value, expiresAt: now.addingTimeInterval(seconds), issuedAt: now)
    }
}

/// Counts mints across tasks.
final class MintCounter: Sendable {
    private let count = Mutex(0)
    /// Records a mint; returns the new count.
    func mint() -> Int { count.withLock { $0 += 1; return $0 } }
    /// The mints so far.
    var value: Int { count.withLock { $0 } }
}

/// The shared cache's algorithm, as the core runs it over any store: a fresh token without a lock,
/// else lock, read again, mint only when still missing or stale, store.
func sharedToken(
    _ store: PostgresTokenStore, key: SharedTokenKey, counter: MintCounter, lockTimeout: Duration = .seconds(20)
) async throws -> AccessToken {
    let now = Date()
    if let token = try await store.token(for: key), token.expiresAt > now.addingTimeInterval(60) {
        return token
    }
    return try await store.withLock(on: key, timeout: lockTimeout) { slot in
        if let token = try await slot.token(), token.expiresAt > Date().addingTimeInterval(60) {
            return token
        }
        let number = counter.mint()
        // A mint takes time (an exchange with the token endpoint): others must wait, not mint.
        try await Task.sleep(for: .milliseconds(100))
        let token = PostgresStoreFixture.token("minted-\(number)")
        try await slot.store(token)
        return token
    }
}
