import SesameBuiltIns
import SesameCore
import SesamePostgresSettings

extension PluginSet {
    /// Every type Sesame ships, as the build-time check knows them: ``PluginSet/builtIn`` and the
    /// `postgres` token cache, whose section is read by the same ``PostgresTokenCacheSettings`` as the
    /// real store's factory (the store itself would bring postgres-nio into the host build).
    static var shippedTypes: PluginSet {
        var plugins = PluginSet.builtIn
        plugins.register(SharedTokenStoreFactory(type: PostgresTokenCacheSettings.type, summary: PostgresTokenCacheSettings.summary) { section in
            PostgresTokenCacheSettings(section).map { _ in UncheckedTokenStore() }
        })
        return plugins
    }
}
