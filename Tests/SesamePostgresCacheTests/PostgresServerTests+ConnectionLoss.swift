import Foundation
import Sesame
@testable import SesamePostgresCache
import SesameTestSupport
import Synchronization
import Testing

extension PostgresServerTests {
    @Test("the server ends the lock holder's connection mid-exchange, as a shutdown does: the caller gets the token it minted at once, and the store works again")
    func holderConnectionEndedMidExchange() async throws {
        let server = try PostgresTestServer.current()
        let store = try PostgresStoreFixture.store(server, table: PostgresStoreFixture.tableName(), key: PostgresStoreFixture.randomKey(), connectTimeout: .seconds(5))
        defer { Task { await store.shutdown() } }
        let request = TokenRequest(sessionName: "connection-loss")
        let key = SharedTokenProvider(provider: StaticProvider(), store: store, name: "coze-cn", configurationFingerprint: "f").key(for: request)
        let ending = EndingProvider(server: server, lockID: key.lockID)
        let shared = SharedTokenProvider(provider: ending, store: store, name: "coze-cn", configurationFingerprint: "f", lockTimeout: .seconds(5))

        let token = try await finishing(within: .seconds(30), "a fetch whose lock holder lost its connection") {
            try await shared.fetchToken(request)
        }
        #expect(token == ending.minted)
        #expect(ending.endedSessions == 1, "the exchange ran holding the key's lock on one connection")

        // Nothing was stored (the transaction died with the connection); the next fetch mints through the store again.
        let next = try await finishing(within: .seconds(30), "the next fetch") { try await shared.fetchToken(request) }
        #expect(next == ending.minted)
        let stored = try await finishing(within: .seconds(30), "a read") { try await store.token(for: key) }
        #expect(stored == ending.minted, "the store recovered: the second mint was stored")
    }

    @Test("a statement on a connection the server already ended fails at once instead of waiting forever")
    func statementOnEndedConnectionFails() async throws {
        let server = try PostgresTestServer.current()
        let store = try PostgresStoreFixture.store(server, table: PostgresStoreFixture.tableName(), key: PostgresStoreFixture.randomKey(), connectTimeout: .seconds(5))
        defer { Task { await store.shutdown() } }
        let key = PostgresStoreFixture.key(session: "ended-connection")
        let error = try await finishing(within: .seconds(30), "withLock on an ended connection") {
            do {
                try await store.withLock(on: key, timeout: .seconds(5)) { slot in
                    #expect(try await server.terminateHolders(of: key.lockID) == 1)
                    // Give the close time to arrive, so the write below meets a closed channel.
                    try await Task.sleep(for: .milliseconds(300))
                    try await slot.store(PostgresStoreFixture.token())
                }
                return nil as PostgresTokenStoreError?
            } catch let error as PostgresTokenStoreError {
                return error
            }
        }
        #expect(error?.code == .unreachable, "\(String(describing: error))")
    }

    @Test("a server that stops answering mid-transaction (its session frozen with SIGSTOP): the statement fails with unreachable near the client's bound, and the store goes on on a new connection")
    func frozenSessionIsBounded() async throws {
        let server = try PostgresTestServer.current()
        let key = PostgresStoreFixture.randomKey()
        let store = try PostgresTokenStore(configuration: .init(
            endpoint: PostgresEndpoint(url: server.url), table: PostgresStoreFixture.tableName(), encryptionKey: { key },
            connectTimeout: .seconds(2), statementTimeout: .seconds(1)
        ))
        defer { Task { await store.shutdown() } }
        let tokenKey = PostgresStoreFixture.key(session: "frozen-session")
        let frozen = Mutex<[Int32]>([])
        defer { for pid in frozen.withLock({ $0 }) { kill(pid, SIGCONT) } }
        let started = ContinuousClock.now
        let error = try await finishing(within: .seconds(30), "a statement to a frozen session") {
            do {
                try await store.withLock(on: tokenKey, timeout: .seconds(1)) { slot in
                    let holders = try await server.holders(of: tokenKey.lockID)
                    #expect(holders.count == 1)
                    for pid in holders { kill(pid, SIGSTOP) }
                    frozen.withLock { $0 = holders }
                    try await slot.store(PostgresStoreFixture.token())
                }
                return nil as PostgresTokenStoreError?
            } catch let error as PostgresTokenStoreError {
                return error
            }
        }
        let waited = ContinuousClock.now - started
        #expect(error?.code == .unreachable, "\(String(describing: error))")
        #expect(error?.message.contains("did not answer a statement within") == true, "\(String(describing: error))")
        // The bound is the statement timeout plus the connect timeout (3 s); generous above it for a loaded machine.
        #expect(waited >= .seconds(3) && waited < .seconds(25), "waited \(waited)")
        for pid in frozen.withLock({ $0 }) { kill(pid, SIGCONT) }

        // The pool may hand out the closed connection once more before it sees the close: the store
        // must work again by itself within a few attempts, as after a server restart.
        let token = PostgresStoreFixture.token()
        let deadline = ContinuousClock.now + .seconds(30)
        var stored = false
        while !stored, ContinuousClock.now < deadline {
            stored = (try? await finishing(within: .seconds(30), "the next lock") {
                try await store.withLock(on: tokenKey, timeout: .seconds(5)) { try await $0.store(token) }
            }) != nil
            if !stored { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(stored, "the store did not work again within 30 s")
        #expect(try await store.token(for: tokenKey) == token)
    }
}

/// An exchange that, the first time, holding the key's lock, has the server end the holder's session
/// (as a shutdown does) before it returns its token; later exchanges just return it.
private final class EndingProvider: AuthProvider, Sendable {
    let server: PostgresTestServer
    let lockID: Int64
    let minted = PostgresStoreFixture.token()
    private let ended = Mutex(0)

    init(server: PostgresTestServer, lockID: Int64) {
        self.server = server
        self.lockID = lockID
    }

    /// Sessions ended so far.
    var endedSessions: Int { ended.withLock { $0 } }

    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        guard endedSessions == 0 else { return minted }
        let count = try await server.terminateHolders(of: lockID)
        ended.withLock { $0 += count }
        // Give the close time to arrive, so the statements after the exchange meet a closed channel.
        try await Task.sleep(for: .milliseconds(300))
        return minted
    }
}

/// A provider that is never asked: only its key is needed.
private struct StaticProvider: AuthProvider {
    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        PostgresStoreFixture.token()
    }
}
