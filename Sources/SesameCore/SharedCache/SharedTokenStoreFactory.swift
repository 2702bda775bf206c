/// Builds a ``SharedTokenStore`` of one type from the registry's `"tokenCache"` object; see
/// ``ProviderFactory`` for the rules (strict reading, problems reported with their paths, no I/O).
public struct SharedTokenStoreFactory: Sendable {
    /// The value of `"type"` that selects this factory, e.g. `"file"`.
    public let type: String
    /// One line for `sesame providers list` and generated docs.
    public let summary: String
    /// Builds the store from the `tokenCache` section; key references in it may name the registry's stores.
    public let make: @Sendable (_ section: ConfigSection) -> (any SharedTokenStore)?

    /// Creates a factory.
    public init(
        type: String,
        summary: String,
        make: @escaping @Sendable (_ section: ConfigSection) -> (any SharedTokenStore)?
    ) {
        self.type = type
        self.summary = summary
        self.make = make
    }
}
