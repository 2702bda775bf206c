import Foundation
import SesameCore
import SesameCoze

/// A Coze JWT app as the official SDKs configure it (their environment variables, a `.env` file,
/// coze-py's or the OAuth quickstart's JSON file), turned into one `providers.json` entry.
///
/// Secrets stay where they are and the entry refers to them (the variable, the `.env` entry, the PEM
/// file); a private key pasted into a JSON file is held in ``inlinePrivateKey`` until it is moved into
/// a writable store with ``movingPrivateKey(into:storeName:storeDefinition:entry:)``. Every setting the
/// source holds is accounted for in ``used`` or ``ignored``.
public struct CozeSDKImport: Sendable {
    /// A setting that went into the entry.
    public struct Use: Sendable, Equatable, CustomStringConvertible {
        /// The variable or field, e.g. `COZE_JWT_OAUTH_CLIENT_ID`.
        public let setting: String
        /// What it became, e.g. `appId`.
        public let target: String
        /// `COZE_JWT_OAUTH_CLIENT_ID → appId`.
        public var description: String { "\(setting) → \(target)" }
    }

    /// The provider's name.
    public var name: String
    /// The provider entry's fields.
    public var provider: [String: JSONValue]
    /// The key stores the entry refers to, by name.
    public var keyStores: [String: JSONValue]
    /// Every setting used, in the order read.
    public var used: [Use]
    /// Every setting present and not used, with the reason when there is one.
    public var ignored: [String]
    /// Things to tell the user (the region chosen by default, a website given as API base).
    public var notes: [String]
    /// A private key pasted into the source, not yet stored anywhere.
    public var inlinePrivateKey: SecretBytes?

    /// The environment-only provider's name.
    public static let defaultName = "coze"

    /// A whole registry (`version`, `keyStores`, `providers`) holding just this entry.
    public var document: JSONValue {
        .object([
            "version": .number("1"),
            "keyStores": .object(keyStores),
            "providers": .object([name: .object(provider)]),
        ])
    }

    /// The entry as it would appear in `providers.json`: `"coze": {...}` pretty-printed.
    public var registryText: String { RegistryJSONText.render(document) + "\n" }

    /// This import with its inline private key stored in `store` as `entry`, and the entry pointing
    /// there; unchanged when there is no inline key.
    ///
    /// - Parameters:
    ///   - storeName: the store's name in the registry.
    ///   - storeDefinition: the store's registry definition, when the registry does not declare it yet.
    /// - Throws: the store's error when the key cannot be written (an existing entry is not replaced).
    public func movingPrivateKey(into store: any WritableKeyStore, storeName: String, storeDefinition: JSONValue?, entry: String) async throws -> CozeSDKImport {
        guard let key = inlinePrivateKey else { return self }
        try await store.store(key, named: entry, replace: false)
        var moved = self
        moved.inlinePrivateKey = nil
        moved.provider["privateKey"] = .object(["store": .string(storeName), "name": .string(entry)])
        if let storeDefinition { moved.keyStores[storeName] = storeDefinition }
        moved.notes.append("the private key is now in key store \(storeName) as \(entry); delete it from the file it was pasted in")
        return moved
    }
}
