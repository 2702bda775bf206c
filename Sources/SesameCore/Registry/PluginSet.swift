/// The provider and key store types a registry can use, by type name.
///
/// Start from `PluginSet.builtIn` (module `Sesame`) or an empty set, and register more:
/// ```swift
/// var plugins = PluginSet.builtIn
/// plugins.register(MyProvider.factory)
/// let registry = try Registry.load(file: "providers.json", plugins: plugins)
/// ```
public struct PluginSet: Sendable {
    /// Provider factories by type name.
    public private(set) var providers: [String: ProviderFactory] = [:]
    /// Key store factories by type name.
    public private(set) var keyStores: [String: KeyStoreFactory] = [:]
    /// Shared token store factories by type name (the registry's top-level `"tokenCache"`).
    public private(set) var tokenStores: [String: SharedTokenStoreFactory] = [:]
    /// The shapes of the plugins' secrets, refused when pasted inline (besides the PEM keys and signed
    /// JWTs the core always refuses).
    public private(set) var inlineSecretPatterns: [InlineSecretPattern] = []

    /// An empty set.
    public init() {}

    /// Adds a provider type. Registering a type name twice is a programming error (precondition).
    public mutating func register(_ factory: ProviderFactory) {
        precondition(providers[factory.type] == nil, "provider type \"\(factory.type)\" is already registered")
        providers[factory.type] = factory
    }

    /// Adds a key store type. Registering a type name twice is a programming error (precondition).
    public mutating func register(_ factory: KeyStoreFactory) {
        precondition(keyStores[factory.type] == nil, "key store type \"\(factory.type)\" is already registered")
        keyStores[factory.type] = factory
    }

    /// Adds a shared token store type. Registering a type name twice is a programming error (precondition).
    public mutating func register(_ factory: SharedTokenStoreFactory) {
        precondition(tokenStores[factory.type] == nil, "token cache type \"\(factory.type)\" is already registered")
        tokenStores[factory.type] = factory
    }

    /// Adds the shape of a plugin's secrets, so that the registry refuses one pasted inline.
    public mutating func register(_ pattern: InlineSecretPattern) {
        inlineSecretPatterns.append(pattern)
    }

    /// A copy with `factory` added.
    public func registering(_ factory: ProviderFactory) -> PluginSet {
        var copy = self
        copy.register(factory)
        return copy
    }

    /// A copy with `factory` added.
    public func registering(_ factory: KeyStoreFactory) -> PluginSet {
        var copy = self
        copy.register(factory)
        return copy
    }

    /// A copy with `factory` added.
    public func registering(_ factory: SharedTokenStoreFactory) -> PluginSet {
        var copy = self
        copy.register(factory)
        return copy
    }
}
