import Foundation
import Logging

extension Registry {
    /// Provider `name` as a caller outside a ``TokenBroker`` should use it: behind a
    /// ``SharedTokenProvider`` over ``tokenCache`` when the registry has one, else the provider itself.
    ///
    /// For one-shot callers (a command printing a token): a loop of them makes one exchange per token
    /// lifetime instead of one each. Diagnostics that must test a real exchange use
    /// ``provider(named:)`` instead.
    ///
    /// - Parameters:
    ///   - margin: see ``SharedTokenProvider/init(provider:store:name:configurationFingerprint:margin:lockTimeout:logger:now:)``.
    ///   - logger: receives the shared cache's warnings (never a token).
    /// - Throws: ``RegistryError`` (`.unknownProvider`) for an unknown name.
    public func sharedProvider(
        named name: String,
        margin: TimeInterval = TokenCache.Policy.standard.refreshAhead,
        logger: Logger = Logger(label: "sesame.shared-cache", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws -> any AuthProvider {
        let entry = try provider(named: name)
        guard let tokenCache else { return entry.provider }
        return SharedTokenProvider(
            provider: entry.provider, store: tokenCache.store, name: entry.name,
            configurationFingerprint: entry.configurationFingerprint, margin: margin, logger: logger
        )
    }
}
