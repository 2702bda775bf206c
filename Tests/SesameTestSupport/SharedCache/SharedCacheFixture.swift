import CozeEmulator
import Foundation
import Sesame

/// A folder with a key, a `cache/` folder for the `file` token cache, and a providers.json whose
/// `coze-cn` provider points at an emulator and shares its tokens there (or through another
/// `tokenCache`).
public final class SharedCacheFixture: Sendable {
    /// `keys/app.pem`, `providers.json`, `cache/` (created by the store).
    public let directory: TemporaryFolder
    /// The app's private key.
    public let key: RSAPrivateKey
    /// The app's ID.
    public let appID = "1133483935040"
    /// A second key ID under which the emulator accepts the same key (a changed `keyId`).
    public static let otherKeyID = "second-key-id"

    /// The token cache's folder.
    public var cacheFolder: String { directory.file("cache") }

    /// A new folder with a key.
    public init() async throws {
        directory = try TemporaryFolder(prefix: "sesame-shared-cache")
        key = try await TestKeys.shared()
        try directory.write(try key.pem(), to: "keys/app.pem")
    }

    /// An emulator that knows the app under the key's thumbprint and ``otherKeyID``.
    public func emulator(latencyMilliseconds: Int = 0) -> CozeEmulatorConfiguration {
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [EmulatedApp(appID: appID, keys: [
            EmulatedKey(publicKey: key.publicKey), EmulatedKey(keyID: Self.otherKeyID, publicKey: key.publicKey),
        ])]
        configuration.faults.latencyMilliseconds = latencyMilliseconds
        return configuration
    }

    /// Writes providers.json (tokenCache `file` in ``cacheFolder``, or in its default folder when
    /// `defaultFolder`, or `tokenCache` when given, with an `env` key store) and returns its path.
    @discardableResult
    public func writeRegistry(baseURL: String, keyID: String? = nil, defaultFolder: Bool = false, tokenCache: String? = nil) throws -> String {
        let tokenCache = tokenCache ?? (defaultFolder ? #"{ "type": "file" }"# : #"{ "type": "file", "directory": "cache" }"#)
        let json = """
        { "version": 1,
          "keyStores": { "files": { "type": "pem-file", "directory": "keys" }, "env": { "type": "env" } },
          "tokenCache": \(tokenCache),
          "providers": { "coze-cn": { "type": "coze-jwt", "region": "cn", "baseURL": "\(baseURL)",
            "appId": "\(appID)", "keyId": "\(keyID ?? key.publicKey.thumbprint)", "privateKey": { "store": "files", "name": "app.pem" },
            "timeout": 60 } } }
        """
        return try directory.write(json, to: "providers.json")
    }

    /// The entry files (`*.json`) in the cache folder.
    public func entries() throws -> [String] {
        guard FileManager.default.fileExists(atPath: cacheFolder) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: cacheFolder).filter { $0.hasSuffix(".json") }.sorted()
    }
}
