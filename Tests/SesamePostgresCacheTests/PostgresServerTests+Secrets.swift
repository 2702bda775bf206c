import Foundation
import Sesame
@testable import SesamePostgresCache
import SesameTestSupport
import Testing

extension PostgresServerTests {
    private static func section(url: String, password: Bool, table: String = PostgresStoreFixture.tableName()) -> String {
        let passwordReference = password ? #""password": {"store": "env", "name": "PGPW"}, "# : ""
        return #"{"type": "postgres", "url": "\#(url)", \#(passwordReference)"encryptionKey": {"store": "env", "name": "CACHE_KEY"}, "table": "\#(table)"}"#
    }

    @Test("the password KEYREF logs in a role with password authentication; no secret in a log line or error")
    func passwordFromKeyStore() async throws {
        let server = try PostgresTestServer.current()
        let recorder = LogRecorder()
        let encryptionKey = "cache-key-" + UUID().uuidString
        let environment = ["PGPW": server.password, "CACHE_KEY": encryptionKey]
        let store = try TokenCacheRegistryProbe.store(
            tokenCache: Self.section(url: server.passwordURL, password: true), environment: environment, logger: recorder.logger
        )
        defer { Task { await store.shutdown() } }
        let key = PostgresStoreFixture.key(provider: "provider-secret-free", session: "s")
        let token = PostgresStoreFixture.token("TOKEN-NEVER-LOGGED-42")
        try await store.withLock(on: key, timeout: .seconds(5)) { try await $0.store(token) }
        #expect(try await store.token(for: key) == token)
        #expect(try await server.psql("SELECT count(*) FROM pg_stat_activity WHERE usename = 'sesame_pw'").trimmingCharacters(in: .whitespacesAndNewlines) != "0")

        // Failures write their own lines and errors: none may carry a secret either.
        let holder = try await server.holdLock(key.lockID)
        let timeout = await #expect(throws: PostgresTokenStoreError.self) {
            try await store.withLock(on: key, timeout: .milliseconds(300)) { _ in }
        }
        await holder.kill()
        let undecryptable = await #expect(throws: PostgresTokenStoreError.self) {
            let other = try TokenCacheRegistryProbe.store(
                tokenCache: Self.section(url: server.passwordURL, password: true, table: store.table.name),
                environment: ["PGPW": server.password, "CACHE_KEY": "another-key-" + UUID().uuidString], logger: recorder.logger
            )
            defer { Task { await other.shutdown() } }
            _ = try await other.token(for: key)
        }
        let texts = recorder.lines.map(\.text) + [timeout, undecryptable].map { String(describing: $0) }
        #expect(!recorder.lines.isEmpty, "the store logged nothing, so this test checks nothing")
        for secret in [server.password, encryptionKey, "TOKEN-NEVER-LOGGED"] {
            #expect(!texts.contains { $0.contains(secret) }, "a secret appears in: \(texts.filter { $0.contains(secret) })")
        }
    }

    @Test("without the password, or with a wrong one, the login is refused with the server's reason, the password never shown")
    func wrongPassword() async throws {
        let server = try PostgresTestServer.current()
        let recorder = LogRecorder()
        let cases = [
            (false, ["CACHE_KEY": String(repeating: "k", count: 32)], "set \"password\""),
            (true, ["PGPW": "wrong-password-xyz", "CACHE_KEY": String(repeating: "k", count: 32)], "password authentication failed"),
        ]
        for (password, environment, reason) in cases {
            var configuration = try TokenCacheRegistryProbe.store(
                tokenCache: Self.section(url: server.passwordURL, password: password), environment: environment, logger: recorder.logger
            ).configuration
            configuration.connectTimeout = .seconds(1)
            let store = try PostgresTokenStore(configuration: configuration)
            let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: PostgresStoreFixture.key()) }
            #expect(error?.code == .refused, "\(String(describing: error))")
            #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
            #expect(error?.message.contains("sesame_pw@127.0.0.1") == true)
            #expect(error?.message.contains("wrong-password-xyz") == false)
            await store.shutdown()
        }
        #expect(!recorder.lines.contains { $0.text.contains("wrong-password-xyz") })
    }
}
