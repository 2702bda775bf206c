import Foundation
import Sesame
@testable import SesamePostgresCache
import SesameTestSupport
import Testing

/// Every test that talks to the PostgreSQL server of `scripts/with-postgres.sh`. One after the other:
/// one of them stops and restarts the server.
@Suite("postgres token store, against a real PostgreSQL", .serialized)
struct PostgresServerTests {
    @Test("a stored token reads back as it was, through a table created on first use and versioned")
    func roundtrip() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let secret = PostgresStoreFixture.randomKey()
        let store = try PostgresStoreFixture.store(server, table: table, key: secret)
        defer { Task { await store.shutdown() } }
        #expect(try await server.psql("SELECT to_regclass('\(table)') IS NULL").hasPrefix("t"))

        let key = PostgresStoreFixture.key(session: "alice")
        #expect(try await store.token(for: key) == nil)
        let token = PostgresStoreFixture.token()
        try await store.withLock(on: key, timeout: .seconds(5)) { slot in
            #expect(try await slot.token() == nil)
            try await slot.store(token)
            #expect(try await slot.token() == token)
        }
        #expect(try await store.token(for: key) == token)
        #expect(try await store.token(for: PostgresStoreFixture.key(session: "bob")) == nil)

        let comment = try await server.psql("SELECT obj_description('\(table)'::regclass, 'pg_class')")
        #expect(comment.trimmingCharacters(in: .whitespacesAndNewlines) == "sesame-token-cache schema 1")
        let columns = try await server.psql("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = '\(table)'")
        #expect(columns.trimmingCharacters(in: .whitespacesAndNewlines) == "key_digest,nonce,ciphertext,expires_at,updated_at")
        let digests = try await server.psql("SELECT key_digest FROM \(table)")
        #expect(digests.trimmingCharacters(in: .whitespacesAndNewlines) == key.digest)

        // A second store (another process) finds the table ready and reads the row.
        let other = try PostgresStoreFixture.store(server, table: table, key: secret)
        defer { Task { await other.shutdown() } }
        #expect(try await other.token(for: key) == token)
    }

    @Test("many tasks on four hosts (independent clients), cold cache: exactly one mint; a second round mints none")
    func singleFlightAcrossClients() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let secret = PostgresStoreFixture.randomKey()
        let hosts = try (0..<4).map { _ in try PostgresStoreFixture.store(server, table: table, key: secret) }
        defer { for host in hosts { Task { await host.shutdown() } } }
        let key = PostgresStoreFixture.key(session: "fleet")
        let counter = MintCounter()

        for round in 1...2 {
            let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
                for host in hosts {
                    for _ in 0..<25 {
                        group.addTask { try await sharedToken(host, key: key, counter: counter) }
                    }
                }
                return try await group.reduce(into: [AccessToken]()) { $0.append($1) }
            }
            #expect(tokens.count == 100, "round \(round)")
            #expect(Set(tokens.map(\.value)) == ["minted-1"], "round \(round)")
            #expect(counter.value == 1, "round \(round)")
        }
    }

    @Test("a lock holder killed with SIGKILL releases the lock: a waiter gets it within the bound")
    func killedHolderReleases() async throws {
        let server = try PostgresTestServer.current()
        let store = try PostgresStoreFixture.store(server, table: PostgresStoreFixture.tableName(), key: PostgresStoreFixture.randomKey())
        defer { Task { await store.shutdown() } }
        let key = PostgresStoreFixture.key(session: "crash")
        _ = try await store.token(for: key)  // connected, table ready: what follows measures the lock alone

        let holder = try await server.holdLock(key.lockID)
        let acquired = MintCounter()
        let waiter = Task {
            try await store.withLock(on: key, timeout: .seconds(15)) { slot in
                _ = acquired.mint()
                try await slot.store(PostgresStoreFixture.token("after-crash"))
            }
        }
        try await Task.sleep(for: .milliseconds(700))
        #expect(acquired.value == 0, "the waiter must wait while psql holds the lock")

        let killed = ContinuousClock.now
        await holder.kill()
        try await waiter.value
        let waited = killed.duration(to: .now)
        #expect(acquired.value == 1)
        #expect(waited < .seconds(30), "took \(waited) after the holder died (generous: the suite may load both cores)")
        #expect(try await store.token(for: key)?.value == "after-crash")
    }

    @Test("a holder that never releases: the wait ends with lockTimeout near the bound, the body never runs")
    func lockWaitIsBounded() async throws {
        let server = try PostgresTestServer.current()
        let store = try PostgresStoreFixture.store(server, table: PostgresStoreFixture.tableName(), key: PostgresStoreFixture.randomKey())
        defer { Task { await store.shutdown() } }
        let key = PostgresStoreFixture.key(session: "stuck")
        _ = try await store.token(for: key)

        let holder = try await server.holdLock(key.lockID)
        let ran = MintCounter()
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresTokenStoreError.self) {
            try await store.withLock(on: key, timeout: .seconds(1)) { _ in _ = ran.mint() }
        }
        let waited = started.duration(to: .now)
        #expect(error?.code == .lockTimeout)
        #expect(error?.message.contains("held the key's lock past the timeout") == true)
        #expect(ran.value == 0)
        #expect(waited >= .milliseconds(900) && waited < .seconds(30), "waited \(waited) for a 1 s bound")
        #expect(try await server.grantedLocks(key.lockID) == 1, "the holder lost its lock: the test proves nothing")
        await holder.kill()

        // The store is usable after the timeout, on this key and others.
        #expect(try await store.token(for: key) == nil)
        try await store.withLock(on: key, timeout: .seconds(1)) { _ in }
        try await store.withLock(on: PostgresStoreFixture.key(session: "other"), timeout: .seconds(1)) { _ in }
    }

    @Test("PostgreSQL stopped: the same store fails fast with unreachable; restarted: it works again by itself")
    func serverRestart() async throws {
        let server = try PostgresTestServer.current()
        let store = try PostgresStoreFixture.store(server, table: PostgresStoreFixture.tableName(), key: PostgresStoreFixture.randomKey(), connectTimeout: .seconds(1))
        defer { Task { await store.shutdown() } }
        let key = PostgresStoreFixture.key(session: "restart")
        let token = PostgresStoreFixture.token()
        try await store.withLock(on: key, timeout: .seconds(5)) { try await $0.store(token) }

        try await server.stop()
        var restarted = false
        do {
            for _ in 0..<3 {
                let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: key) }
                #expect(error?.code == .unreachable, "\(String(describing: error))")
            }
            let error = await #expect(throws: PostgresTokenStoreError.self) {
                try await store.withLock(on: key, timeout: .seconds(1)) { _ in }
            }
            #expect(error?.code == .unreachable)
            try await server.start()
            restarted = true
        } catch {
            if !restarted { try? await server.start() }
            throw error
        }

        let deadline = ContinuousClock.now + .seconds(30)
        var read: AccessToken?
        while read == nil, ContinuousClock.now < deadline {
            read = try? await store.token(for: key)
            if read == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(read == token, "the store did not recover within 30 s of the restart")
        let underLock = try await store.withLock(on: key, timeout: .seconds(5)) { slot in try await slot.token() }
        #expect(underLock == token)
    }

    @Test("pg_dump of the table holds neither the token, nor the provider, session or configuration")
    func dumpLeaksNothing() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let store = try PostgresStoreFixture.store(server, table: table, key: PostgresStoreFixture.randomKey())
        defer { Task { await store.shutdown() } }
        let key = SharedTokenKey(
            provider: "provider-name-in-clear", request: TokenRequest(sessionName: "session-name-in-clear"),
            configurationFingerprint: "fingerprint-in-clear"
        )
        let token = PostgresStoreFixture.token("pat_TOKEN-VALUE-IN-CLEAR-0123456789")
        try await store.withLock(on: key, timeout: .seconds(5)) { try await $0.store(token) }

        let dump = try await server.dump(table: table)
        #expect(dump.contains(key.digest), "the dump must hold the row, or this test proves nothing")
        for fact in ["TOKEN-VALUE-IN-CLEAR", "provider-name-in-clear", "session-name-in-clear", "fingerprint-in-clear", "Bearer"] {
            #expect(!dump.contains(fact), "the dump shows \(fact)")
        }
        // Nor in hex: bytea is dumped as \x…
        let hex = Array("TOKEN-VALUE".utf8).map { String(format: "%02x", $0) }.joined()
        #expect(!dump.lowercased().contains(hex))
    }
}
