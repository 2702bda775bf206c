import CozeEmulator
import Foundation
import Sesame
import SesamePostgresCache
import SesameTestSupport
import Testing

/// The issue's "done when" for `postgres`, through the registry and whole processes
/// (`SharedCacheTestHelper`), against the emulator.
extension PostgresServerTests {
    /// The variable the registries below name for the encryption key (an `env` key store).
    private static let keyVariable = "TOKEN_CACHE_KEY"

    private static func tokenCache(_ server: PostgresTestServer, table: String) -> String {
        #"{ "type": "postgres", "url": "\#(server.url)", "table": "\#(table)", "encryptionKey": { "store": "env", "name": "\#(keyVariable)" } }"#
    }

    @Test("8 processes × 100 concurrent callers on a cold postgres cache cause exactly one exchange; a second round none; pg_dump holds no token")
    func eightProcessesOneExchange() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let environment = [Self.keyVariable: "a test encryption key, long enough"]
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL, tokenCache: Self.tokenCache(server, table: table))
            var digests: Set<String> = []
            for round in 1...2 {
                let outputs = try await SharedCacheHelper.runConcurrently(8, "callers", config: config, ["--callers", "100"], environment: environment)
                for output in outputs {
                    #expect(output.status == 0, "round \(round): \(output.lines) \(output.stderr)")
                    #expect(output.tokens?.count == 100)
                    #expect(output.warnings.isEmpty, "\(output.warnings)")
                }
                digests.formUnion(outputs.compactMap { $0.tokens?.digest })
                #expect(emulator.stats.tokensIssued == 1, "round \(round)")
            }
            #expect(digests.count == 1, "every caller of every process got the same token: \(digests)")
            #expect(try fixture.entries().isEmpty, "no file store was used")

            // The token every process shared, read back through the store by this process.
            let registry = try Self.registry(config, environment: environment)
            let shared = try registry.sharedProvider(named: "coze-cn")
            let token = try await shared.fetchToken(TokenRequest())
            #expect(emulator.stats.tokensIssued == 1, "served from the table, not minted")
            let dump = try await server.dump(table: table)
            #expect(dump.contains(table), "the dump holds the table")
            #expect(!dump.contains(token.value), "pg_dump of the table contains no token")
            #expect(!dump.contains("coze-cn"), "nor the provider's name")
            if let store = registry.tokenCache?.store as? PostgresTokenStore { await store.shutdown() }
        }
    }

    @Test("PostgreSQL stopped while a process holds the key's lock mid-exchange fails no caller of any process; restarted, processes share through it again without a warning")
    func serverStoppedMidRun() async throws {
        let server = try PostgresTestServer.current()
        let table = PostgresStoreFixture.tableName()
        let environment = [Self.keyVariable: "a test encryption key, long enough"]
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator(latencyMilliseconds: 3_000)) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL, tokenCache: Self.tokenCache(server, table: table))
            let entry = try Self.registry(config, environment: environment).provider(named: "coze-cn")
            let lockID = SharedTokenKey(provider: entry.name, request: TokenRequest(), configurationFingerprint: entry.configurationFingerprint).lockID
            let running = try (0..<4).map { _ in
                try SharedCacheHelper.start("callers", config: config, ["--callers", "25"], environment: environment)
            }
            var restarted = false
            do {
                // Stop the server while one process holds the key's lock, waiting for its exchange.
                let deadline = ContinuousClock.now + .seconds(60)
                var held = false
                while !held, ContinuousClock.now < deadline {
                    held = try await server.grantedLocks(lockID) == 1
                    if !held { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(held, "a process took the key's lock")
                try await server.stop()
                var outputs: [SharedCacheHelper.Output] = []
                for helper in running { outputs.append(await helper.finish(killingAfter: .seconds(60))) }
                for output in outputs {
                    #expect(output.status == 0, "no caller fails while the database stops: \(output.lines) \(output.stderr)")
                    #expect(output.tokens?.count == 25)
                }
                try await server.start()
                restarted = true
            } catch {
                if !restarted { try? await server.start() }
                throw error
            }
            let after = try await SharedCacheHelper.runConcurrently(2, "callers", config: config, ["--callers", "10"], environment: environment)
            for output in after {
                #expect(output.status == 0, "\(output.lines) \(output.stderr)")
                #expect(output.warnings.isEmpty, "the restarted server is used again: \(output.warnings)")
            }
            #expect(Set(after.compactMap { $0.tokens?.digest }).count == 1, "both processes share one token again")
        }
    }

    /// The registry `config` as a process with `environment` loads it, the postgres cache registered.
    private static func registry(_ config: String, environment: [String: String]) throws -> Registry {
        var plugins = PluginSet.builtIn
        plugins.registerPostgresTokenCache()
        var context = RegistryContext()
        context.environment = { environment[$0] }
        return try Registry.load(file: config, plugins: plugins, context: context)
    }
}
