import Foundation
import Configuration
import SesameCore

/// A swift-configuration `ConfigProvider` over any Sesame key store, so that an app reads its other
/// secrets (database passwords, API keys) from the vault, a PEM folder or a `.env` file through the
/// `ConfigReader` it already uses. Every value is marked secret, so access logs redact it.
///
/// ```swift
/// let vault = try registry.keyStores["vault"]!.store
/// let secrets = try await KeyStoreConfigProvider(store: vault, keys: ["database.password": "db-password"])
/// let config = ConfigReader(providers: [secrets, EnvironmentVariablesProvider()])
/// let password = config.string(forKey: "database.password", isSecret: true)
/// ```
///
/// `ConfigProvider`'s synchronous reads cannot wait for a store, so the entries mapped in `keys`
/// are read once, at creation, and served from memory; `fetchValue` reads the store again.
/// Keys not in the map are absent. Values are UTF-8 text (`bytes` gives the raw bytes).
public struct KeyStoreConfigProvider: ConfigProvider, Sendable {
    private let store: any KeyStore
    private let entries: [String: String]
    private let loaded: Snapshot
    /// The store's name in access logs.
    public let providerName: String

    /// Reads every entry of `keys` (configuration key, dotted → store entry name) from `store`.
    ///
    /// - Throws: the store's error for an entry it cannot give (a missing entry is an error here:
    ///   the map says it exists).
    public init(store: any KeyStore, keys: [String: String], name: String = "sesame key store") async throws {
        self.store = store
        self.entries = keys
        self.providerName = "KeyStoreConfigProvider[\(name)]"
        var values: [String: SecretBytes] = [:]
        for (key, entry) in keys { values[key] = try await store.secret(named: entry) }
        self.loaded = Snapshot(providerName: providerName, values: values)
    }

    /// The value loaded at creation.
    public func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        try loaded.value(forKey: key, type: type)
    }

    /// The value read from the store now.
    public func fetchValue(forKey key: AbsoluteConfigKey, type: ConfigType) async throws -> LookupResult {
        let encoded = key.components.joined(separator: ".")
        guard let entry = entries[encoded] else { return LookupResult(encodedKey: encoded, value: nil) }
        return LookupResult(encodedKey: encoded, value: try Snapshot.configValue(try await store.secret(named: entry), key: key, type: type))
    }

    /// The loaded value, once (the store has no change notifications).
    public func watchValue<Return: ~Copyable>(
        forKey key: AbsoluteConfigKey,
        type: ConfigType,
        updatesHandler: (_ updates: ConfigUpdatesAsyncSequence<Result<LookupResult, any Error>, Never>) async throws -> Return
    ) async throws -> Return {
        try await watchValueFromValue(forKey: key, type: type, updatesHandler: updatesHandler)
    }

    /// The values loaded at creation.
    public func snapshot() -> any ConfigSnapshot { loaded }

    /// The loaded snapshot, once.
    public func watchSnapshot<Return: ~Copyable>(
        updatesHandler: (_ updates: ConfigUpdatesAsyncSequence<any ConfigSnapshot, Never>) async throws -> Return
    ) async throws -> Return {
        try await watchSnapshotFromSnapshot(updatesHandler: updatesHandler)
    }

    /// The entries read at creation.
    struct Snapshot: ConfigSnapshot {
        let providerName: String
        let values: [String: SecretBytes]

        func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
            let encoded = key.components.joined(separator: ".")
            guard let secret = values[encoded] else { return LookupResult(encodedKey: encoded, value: nil) }
            return LookupResult(encodedKey: encoded, value: try Self.configValue(secret, key: key, type: type))
        }

        /// `secret` as a value of `type`, marked secret; a conversion failure names the key, never the value.
        static func configValue(_ secret: SecretBytes, key: AbsoluteConfigKey, type: ConfigType) throws -> ConfigValue {
            let text = secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            let content: ConfigContent
            switch type {
            case .string: content = .string(text)
            case .bytes: content = .bytes(secret.withUnsafeBytes { Array($0) })
            case .int:
                guard let number = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw KeyStoreConfigProviderError(key: key, type: type) }
                content = .int(number)
            case .double:
                guard let number = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw KeyStoreConfigProviderError(key: key, type: type) }
                content = .double(number)
            case .bool:
                switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
                case "true", "1", "yes": content = .bool(true)
                case "false", "0", "no": content = .bool(false)
                default: throw KeyStoreConfigProviderError(key: key, type: type)
                }
            case .stringArray: content = .stringArray([text])
            case .byteChunkArray: content = .byteChunkArray([secret.withUnsafeBytes { Array($0) }])
            default: throw KeyStoreConfigProviderError(key: key, type: type)
            }
            return ConfigValue(content, isSecret: true)
        }
    }
}

/// A key store entry could not be read as the type asked for. The message names the key and the
/// type, never the value.
public struct KeyStoreConfigProviderError: Error, Sendable, CustomStringConvertible {
    /// The configuration key.
    public let key: String
    /// The type asked for.
    public let type: String

    init(key: AbsoluteConfigKey, type: ConfigType) {
        self.key = key.components.joined(separator: ".")
        self.type = type.rawValue
    }

    /// What failed and the fix.
    public var description: String {
        "the secret at \(key) cannot be read as \(type); read it as a string (or bytes) and convert it in the app"
    }
}
