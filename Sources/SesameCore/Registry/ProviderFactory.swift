/// Builds an ``AuthProvider`` of one type from its section of `providers.json`.
///
/// The closure reads its settings through ``ConfigSection`` (which records problems with their JSON
/// paths) and returns `nil` when anything was invalid. It must not perform I/O or network requests:
/// the registry is validated by building it.
public struct ProviderFactory: Sendable {
    /// The value of `"type"` that selects this factory, e.g. `"coze-jwt"`.
    public let type: String
    /// One line for `sesame providers list` and generated docs.
    public let summary: String
    /// Builds the provider; `name` is the provider's key in `providers`.
    public let make: @Sendable (_ section: ConfigSection, _ name: String) -> (any AuthProvider)?

    /// Creates a factory.
    public init(
        type: String,
        summary: String,
        make: @escaping @Sendable (_ section: ConfigSection, _ name: String) -> (any AuthProvider)?
    ) {
        self.type = type
        self.summary = summary
        self.make = make
    }
}

/// Builds a ``KeyStore`` of one type from its section of `providers.json`; see ``ProviderFactory``.
public struct KeyStoreFactory: Sendable {
    /// The value of `"type"` that selects this factory, e.g. `"pem-file"`.
    public let type: String
    /// One line for `sesame providers list` and generated docs.
    public let summary: String
    /// Builds the store; `name` is the store's key in `keyStores`.
    public let make: @Sendable (_ section: ConfigSection, _ name: String) -> (any KeyStore)?

    /// Creates a factory.
    public init(
        type: String,
        summary: String,
        make: @escaping @Sendable (_ section: ConfigSection, _ name: String) -> (any KeyStore)?
    ) {
        self.type = type
        self.summary = summary
        self.make = make
    }
}
