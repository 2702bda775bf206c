import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport

/// A folder with a key, a providers.json pointing at an emulator, and helpers to run commands in it.
final class CLIFixture {
    /// The fixture's folder: `keys/app.pem` (the private key) and `keys/app.pub.pem` (its public key).
    let directory: TemporaryFolder
    let key: RSAPrivateKey
    let appID = "1133483935040"

    /// The folder's path.
    var folder: String { directory.path }

    /// A fixture with the first shared test key.
    static func make() async throws -> CLIFixture {
        try CLIFixture(key: try await TestKeys.shared())
    }

    private init(key: RSAPrivateKey) throws {
        directory = try TemporaryFolder(prefix: "sesame-cli")
        self.key = key
        try directory.write(try key.pem(), to: "keys/app.pem")
        try directory.write(key.publicKey.pem, to: "keys/app.pub.pem")
    }

    var keyID: String { key.publicKey.thumbprint }

    /// An emulator configuration that knows this fixture's app.
    func emulator(kind: EmulatedApp.Kind = .normal) -> CozeEmulatorConfiguration {
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [EmulatedApp(appID: appID, kind: kind, keys: [EmulatedKey(publicKey: key.publicKey)])]
        return configuration
    }

    /// Writes providers.json with one `coze-cn` provider at `baseURL`, and returns its path.
    @discardableResult
    func writeRegistry(baseURL: String, keyID: String? = nil, name: String = "providers.json") throws -> String {
        let json = """
        { "version": 1,
          "keyStores": { "files": { "type": "pem-file", "directory": "keys" } },
          "providers": { "coze-cn": { "type": "coze-jwt", "region": "cn", "baseURL": "\(baseURL)",
            "appId": "\(appID)", "keyId": "\(keyID ?? self.keyID)", "privateKey": { "store": "files", "name": "app.pem" },
            "timeout": 60 } } }
        """
        return try directory.write(json, to: name)
    }

    /// Writes `text` to `name` in the folder (mode 0600) and returns its path.
    func write(_ text: String, to name: String) throws -> String {
        try directory.write(text, to: name)
    }
}
