import Foundation
import Sesame
@testable import SesamePostgresCache
import SesameTestSupport
import Testing

extension PostgresServerTests {
    @Test("a row copied under another key's digest does not decrypt: undecryptable")
    func copiedRowIsUndecryptable() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let store = try PostgresStoreFixture.store(server, table: table, key: PostgresStoreFixture.randomKey())
        defer { Task { await store.shutdown() } }
        let alice = PostgresStoreFixture.key(session: "alice")
        let mallory = PostgresStoreFixture.key(session: "mallory")
        try await store.withLock(on: alice, timeout: .seconds(5)) { try await $0.store(PostgresStoreFixture.token()) }

        try await server.psql("""
            INSERT INTO \(table) (key_digest, nonce, ciphertext, expires_at, updated_at)
            SELECT '\(mallory.digest)', nonce, ciphertext, expires_at, updated_at FROM \(table) WHERE key_digest = '\(alice.digest)'
            """)
        let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: mallory) }
        #expect(error?.code == .undecryptable)
        #expect(error?.message.contains(mallory.digest.prefix(8)) == true)
    }

    @Test("an altered ciphertext is undecryptable, under the lock too; the next store overwrites it")
    func tamperedRowIsUndecryptableThenReplaced() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let store = try PostgresStoreFixture.store(server, table: table, key: PostgresStoreFixture.randomKey())
        defer { Task { await store.shutdown() } }
        let key = PostgresStoreFixture.key(session: "tamper")
        try await store.withLock(on: key, timeout: .seconds(5)) { try await $0.store(PostgresStoreFixture.token()) }

        try await server.psql("UPDATE \(table) SET ciphertext = set_byte(ciphertext, 3, get_byte(ciphertext, 3) # 1)")
        let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: key) }
        #expect(error?.code == .undecryptable)

        let replacement = PostgresStoreFixture.token("replacement")
        try await store.withLock(on: key, timeout: .seconds(5)) { slot in
            let underLock = await #expect(throws: PostgresTokenStoreError.self) { try await slot.token() }
            #expect(underLock?.code == .undecryptable)
            try await slot.store(replacement)
        }
        #expect(try await store.token(for: key) == replacement)
    }

    @Test("a store with another encryption key cannot read the rows: undecryptable")
    func wrongEncryptionKey() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let writer = try PostgresStoreFixture.store(server, table: table, key: PostgresStoreFixture.randomKey())
        let reader = try PostgresStoreFixture.store(server, table: table, key: PostgresStoreFixture.randomKey())
        defer { Task { await writer.shutdown(); await reader.shutdown() } }
        let key = PostgresStoreFixture.key()
        try await writer.withLock(on: key, timeout: .seconds(5)) { try await $0.store(PostgresStoreFixture.token()) }

        let error = await #expect(throws: PostgresTokenStoreError.self) { try await reader.token(for: key) }
        #expect(error?.code == .undecryptable)
        #expect(error?.message.contains("encryptionKey") == true)
    }

    @Test("an encryption key shorter than 16 bytes is refused on first use, naming where it came from")
    func shortEncryptionKey() async throws {
        let server = try PostgresTestServer.current()
        let store = try PostgresTokenStore(configuration: .init(
            endpoint: PostgresEndpoint(url: server.url), table: PostgresStoreFixture.tableName(),
            encryptionKey: { SecretBytes(utf8: "too-short") }, encryptionKeySource: "env:CACHE_KEY"
        ))
        defer { Task { await store.shutdown() } }
        let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: PostgresStoreFixture.key()) }
        #expect(error?.code == .secret)
        #expect(error?.message.contains("env:CACHE_KEY") == true)
        #expect(error?.message.contains("9 bytes") == true)
        #expect(error?.message.contains("too-short") == false)
    }

    @Test("a table of a newer schema version, or not Sesame's, is refused with schema")
    func foreignOrNewerTable() async throws {
        let server = try PostgresTestServer.current()
        let newer = PostgresStoreFixture.tableName()
        let foreign = PostgresStoreFixture.tableName()
        try await server.psql("""
            CREATE TABLE \(newer) (key_digest text PRIMARY KEY, nonce bytea, ciphertext bytea, expires_at timestamptz, updated_at timestamptz, extra int);
            COMMENT ON TABLE \(newer) IS 'sesame-token-cache schema 2';
            CREATE TABLE \(foreign) (id int);
            """)
        for (table, expected) in [(newer, "schema version 2, newer"), (foreign, "is not a Sesame token cache")] {
            let store = try PostgresStoreFixture.store(server, table: table, key: PostgresStoreFixture.randomKey())
            let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: PostgresStoreFixture.key()) }
            #expect(error?.code == .schema)
            #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
            await store.shutdown()
        }
    }

    @Test("expired rows are deleted after a write; live ones stay")
    func expiredRowsDeleted() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let store = try PostgresStoreFixture.store(server, table: table, key: PostgresStoreFixture.randomKey())
        defer { Task { await store.shutdown() } }
        let expired = PostgresStoreFixture.key(session: "expired")
        let live = PostgresStoreFixture.key(session: "live")
        // Written by another process earlier: the cleanup deletes what is expired, whoever wrote it.
        try await server.psql("""
            CREATE TABLE \(table) (key_digest text PRIMARY KEY, nonce bytea NOT NULL, ciphertext bytea NOT NULL,
              expires_at timestamptz NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
            COMMENT ON TABLE \(table) IS 'sesame-token-cache schema 1';
            INSERT INTO \(table) VALUES ('\(expired.digest)', '\\x00', '\\x00', now() - interval '1 minute', now());
            """)
        try await store.withLock(on: live, timeout: .seconds(5)) { try await $0.store(PostgresStoreFixture.token()) }
        let digests = try await server.psql("SELECT key_digest FROM \(table)")
        #expect(digests.trimmingCharacters(in: .whitespacesAndNewlines) == live.digest)
    }

    @Test("after shutdown every call throws closed")
    func shutdownCloses() async throws {
        let server = try PostgresTestServer.current()
        let store = try PostgresStoreFixture.store(server, table: PostgresStoreFixture.tableName(), key: PostgresStoreFixture.randomKey())
        _ = try await store.token(for: PostgresStoreFixture.key())
        await store.shutdown()
        let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: PostgresStoreFixture.key()) }
        #expect(error?.code == .closed)
    }
}

extension PostgresServerTests {
    @Test("sslmode=require connects over TLS; verify-full refuses the self-signed certificate, and accepts it as sslrootcert")
    func tls() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let store = try PostgresStoreFixture.store(server, url: server.url + "?sslmode=require", table: table, key: PostgresStoreFixture.randomKey())
        defer { Task { await store.shutdown() } }
        let key = PostgresStoreFixture.key(session: "tls")
        let token = PostgresStoreFixture.token()
        try await store.withLock(on: key, timeout: .seconds(5)) { try await $0.store(token) }
        #expect(try await store.token(for: key) == token)
        let encrypted = try await server.psql("""
            SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
            WHERE a.application_name = 'sesame-token-cache' AND s.ssl
            """)
        #expect(encrypted.trimmingCharacters(in: .whitespacesAndNewlines) != "0", "no TLS connection from the store")

        let verifying = try PostgresStoreFixture.store(server, url: server.url + "?sslmode=verify-full", table: table, key: PostgresStoreFixture.randomKey(), connectTimeout: .seconds(1))
        defer { Task { await verifying.shutdown() } }
        let error = await #expect(throws: PostgresTokenStoreError.self) { try await verifying.token(for: key) }
        #expect(error?.code == .unreachable)
        #expect(error?.message.lowercased().contains("certificate") == true, "\(String(describing: error))")

        let trusting = try PostgresStoreFixture.store(
            server, url: server.url + "?sslmode=verify-full&sslrootcert=" + server.certificate, table: table, key: PostgresStoreFixture.randomKey()
        )
        defer { Task { await trusting.shutdown() } }
        #expect(try await trusting.token(for: PostgresStoreFixture.key(session: "absent")) == nil)
    }
}
