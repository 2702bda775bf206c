/// Where a provider's secret lives: an entry `name` in the key store declared as `storeName`.
public struct KeyReference: Sendable, CustomStringConvertible {
    /// The key store's name in `providers.json` (`keyStores.NAME`).
    public let storeName: String
    /// The entry in that store: a file name, a variable name, a vault entry.
    public let name: String
    /// The store itself.
    public let store: any KeyStore

    /// Creates a reference.
    public init(storeName: String, name: String, store: any KeyStore) {
        self.storeName = storeName
        self.name = name
        self.store = store
    }

    /// Reads the secret.
    public func read() async throws -> SecretBytes {
        try await store.secret(named: name)
    }

    /// `files:coze-cn.pem`.
    public var description: String { "\(storeName):\(name)" }
}
