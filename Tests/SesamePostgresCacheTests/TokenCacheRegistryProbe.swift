import Foundation
import Logging
import Sesame
import SesamePostgresCache
import SesameTestSupport
import Synchronization

/// Builds the `postgres` factory's section through a real registry, so that its checks, key
/// references and paths are those a user meets.
///
/// The section sits under a probe provider (`providers.probe.tokenCache`): that reaches the factory
/// through `ConfigSection` exactly as the registry's top-level `"tokenCache"` does, independently of
/// the code that reads the top level.
enum TokenCacheRegistryProbe {
    /// The store built from `tokenCache` (a JSON object's text), with `environment` as the process
    /// environment (the `env` key store reads it).
    ///
    /// - Throws: ``RegistryError`` when the registry is invalid.
    static func store(
        tokenCache: String,
        environment: [String: String] = [:],
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws -> PostgresTokenStore {
        let built = Mutex<(any SharedTokenStore)?>(nil)
        let probe = ProviderFactory(type: "token-cache-probe", summary: "builds its tokenCache section") { section, _ in
            guard let cache = section.section("tokenCache", required: true) else { return nil }
            _ = cache.choice("type", from: ["postgres"], required: true)
            guard let store = SharedTokenStoreFactory.postgres.make(cache) else { return nil }
            built.withLock { $0 = store }
            return NoTokenProvider()
        }
        var plugins = PluginSet.builtIn
        if plugins.tokenStores["postgres"] == nil { plugins.registerPostgresTokenCache() }
        plugins.register(probe)
        let json = """
            {"version": 1, "keyStores": {"env": {"type": "env"}},
             "providers": {"probe": {"type": "token-cache-probe", "tokenCache": \(tokenCache)}}}
            """
        let context = RegistryContext(transport: NoNetworkTransport(), logger: logger, environment: { environment[$0] })
        _ = try Registry.decode(Data(json.utf8), directory: "/", plugins: plugins, context: context)
        guard let store = built.withLock({ $0 }) as? PostgresTokenStore else {
            throw TestSetupError("the registry built without a postgres store")
        }
        return store
    }

    /// The issues `tokenCache` is refused with, as `PATH: MESSAGE` lines; empty when it builds.
    static func issues(tokenCache: String) -> [String] {
        do {
            _ = try store(tokenCache: tokenCache)
            return []
        } catch let error as RegistryError {
            return error.issues.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }
}

/// The probe's provider: never asked for a token.
private struct NoTokenProvider: AuthProvider {
    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        throw TestSetupError("the probe provider mints nothing")
    }
}
