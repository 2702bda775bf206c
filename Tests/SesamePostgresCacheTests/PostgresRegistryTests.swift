import Foundation
import Sesame
@testable import SesamePostgresCache
import SesameTestSupport
import Testing

/// The `postgres` factory read from a registry: what it accepts, what it refuses and with which path.
/// No server is needed: the factory performs no I/O.
@Suite("postgres token cache in the registry")
struct PostgresRegistryTests {
    private static let path = "providers.probe.tokenCache"
    private static let key = #""encryptionKey": {"store": "env", "name": "CACHE_KEY"}"#

    @Test("a valid section builds a store without connecting; defaults: port 5432, no TLS, table sesame_tokens")
    func validSection() throws {
        let store = try TokenCacheRegistryProbe.store(tokenCache: #"{"type": "postgres", "url": "postgres://sesame@db.internal/tokens", \#(Self.key)}"#)
        #expect(store.configuration.endpoint == PostgresEndpoint(user: "sesame", host: "db.internal", port: 5432, database: "tokens", tls: .disable))
        #expect(store.configuration.table == "sesame_tokens")
        #expect(store.configuration.password == nil)
        #expect(store.description == "postgres sesame@db.internal:5432/tokens table sesame_tokens")
    }

    @Test("sslmode, a port, a table and a password reference are read", arguments: [
        ("postgresql://app@10.0.0.5:6432/cache?sslmode=require", PostgresEndpoint.TLSMode.require, 6432),
        ("postgres://app@10.0.0.5:6432/cache?sslmode=verify-full", .verifyFull, 6432),
        ("postgres://app@10.0.0.5/cache?sslmode=disable", .disable, 5432),
    ])
    func fullSection(url: String, tls: PostgresEndpoint.TLSMode, port: Int) throws {
        let store = try TokenCacheRegistryProbe.store(tokenCache: """
            {"type": "postgres", "url": "\(url)", "password": {"store": "env", "name": "PGPW"}, \(Self.key), "table": "fleet_tokens"}
            """)
        #expect(store.configuration.endpoint.tls == tls)
        #expect(store.configuration.endpoint.port == port)
        #expect(store.configuration.table == "fleet_tokens")
        #expect(store.configuration.password != nil)
        #expect(store.configuration.passwordSource.contains("env:PGPW"))
    }

    @Test("sslrootcert, relative to the registry's folder, gives verify-full its CA")
    func rootCertificates() throws {
        let store = try TokenCacheRegistryProbe.store(tokenCache: #"{"type": "postgres", "url": "postgres://app@db/cache?sslmode=verify-full&sslrootcert=certs/ca.pem", \#(Self.key)}"#)
        #expect(store.configuration.endpoint.tls == .verifyFull)
        #expect(store.configuration.endpoint.rootCertificates == "/certs/ca.pem")
    }

    @Test("bad URLs are refused at tokenCache.url, with the fix", arguments: [
        ("http://sesame@db/tokens", "has scheme \"http\""),
        ("postgres://db.internal/tokens", "names no user"),
        ("postgres://sesame@db.internal", "names no database"),
        ("postgres://sesame@db.internal/tokens/more", "the path is the database name alone"),
        ("postgres://sesame@db.internal/tokens?sslmode=prefer", "use disable, require or verify-full"),
        ("postgres://sesame@db.internal/tokens?connect_timeout=3", "the parameters understood are sslmode"),
        ("postgres://sesame@db.internal/tokens?sslmode=require&sslrootcert=ca.pem", "sslrootcert without sslmode=verify-full"),
        ("postgres://sesame@db.internal:70000/tokens", "port"),
        ("not a url", "is not a URL"),
    ])
    func badURL(url: String, expected: String) {
        let issues = TokenCacheRegistryProbe.issues(tokenCache: #"{"type": "postgres", "url": "\#(url)", \#(Self.key)}"#)
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.hasPrefix("\(Self.path).url: ") == true, "\(issues)")
        #expect(issues.first?.contains(expected) == true, "\(issues)")
    }

    @Test("a password inside the URL is refused with the fix, and never repeated")
    func passwordInURL() {
        let issues = TokenCacheRegistryProbe.issues(tokenCache: #"{"type": "postgres", "url": "postgres://sesame:hunter2-secret@db/tokens", \#(Self.key)}"#)
        #expect(issues.count == 1)
        #expect(issues.first?.hasPrefix("\(Self.path).url: ") == true)
        #expect(issues.first?.contains(#"use "password": {"store""#) == true, "\(issues)")
        #expect(issues.joined().contains("hunter2") == false)
    }

    @Test("missing url and encryptionKey, a bad table, an unknown store and an unknown key: each at its path")
    func everyProblemAtItsPath() {
        let issues = TokenCacheRegistryProbe.issues(tokenCache: #"{"type": "postgres", "table": "Tokens; DROP TABLE x", "password": {"store": "vault", "name": "pg"}, "tabel": "x"}"#)
        let expected = [
            "\(Self.path).encryptionKey: missing",
            "\(Self.path).password.store: unknown key store \"vault\"",
            "\(Self.path).table: must be a lowercase SQL identifier",
            "\(Self.path).tabel: unknown key; did you mean \"table\"?",
            "\(Self.path).url: missing",
        ]
        for line in expected {
            #expect(issues.contains { $0.hasPrefix(line) }, "no \(line) in \(issues)")
        }
    }

    @Test("an encryptionKey naming a missing variable is found at first use, naming the reference")
    func unreadableEncryptionKey() async throws {
        let store = try TokenCacheRegistryProbe.store(tokenCache: #"{"type": "postgres", "url": "postgres://sesame@127.0.0.1:1/tokens", \#(Self.key)}"#)
        let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: PostgresStoreFixture.key()) }
        #expect(error?.code == .secret)
        #expect(error?.message.contains("env:CACHE_KEY") == true, "\(String(describing: error))")
    }

    @Test("an encryptionKey shorter than 16 bytes: a secret error at first use, naming its JSON path and reference")
    func shortEncryptionKeyFromRegistry() async throws {
        let store = try TokenCacheRegistryProbe.store(
            tokenCache: #"{"type": "postgres", "url": "postgres://sesame@127.0.0.1:1/tokens", \#(Self.key)}"#,
            environment: ["CACHE_KEY": "0123456789"]
        )
        let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: PostgresStoreFixture.key()) }
        #expect(error?.code == .secret)
        #expect(error?.message.contains("\(Self.path).encryptionKey: env:CACHE_KEY") == true, "\(String(describing: error))")
        #expect(error?.message.contains("10 bytes, fewer than 16") == true)
        #expect(error?.message.contains("0123456789") == false)
    }

    @Test("a server that does not answer: unreachable within the bound")
    func unreachableServer() async throws {
        var configuration = try TokenCacheRegistryProbe.store(
            tokenCache: #"{"type": "postgres", "url": "postgres://sesame@127.0.0.1:1/tokens", \#(Self.key)}"#,
            environment: ["CACHE_KEY": String(repeating: "k", count: 32)]
        ).configuration
        configuration.connectTimeout = .milliseconds(500)
        let store = try PostgresTokenStore(configuration: configuration)
        defer { Task { await store.shutdown() } }
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresTokenStoreError.self) { try await store.token(for: PostgresStoreFixture.key()) }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("sesame@127.0.0.1:1/tokens") == true)
        #expect(error?.message.contains("for 0.5 seconds") == true, "the store's own bound must end the wait: \(String(describing: error))")
        // Generous: the suite may load both cores; postgres-nio's own circuit breaker takes 60 s.
        #expect(started.duration(to: .now) < .seconds(45), "a 0.5 s bound")
    }
}
