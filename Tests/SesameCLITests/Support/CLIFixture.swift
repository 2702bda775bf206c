import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport

/// A folder with a key, a providers.json pointing at an emulator, and helpers to run commands in it.
final class CLIFixture {
    let folder: String
    let key: RSAPrivateKey
    let appID = "1133483935040"

    /// A fixture with the first shared test key.
    static func make() async throws -> CLIFixture {
        try CLIFixture(key: try await TestKeys.shared())
    }

    private init(key: RSAPrivateKey) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sesame-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/keys", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        self.key = key
        try SecretFileWriter.write(try key.pem(), to: folder + "/keys/app.pem")
        try SecretFileWriter.write(SecretBytes(utf8: key.publicKey.pem), to: folder + "/keys/app.pub.pem")
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

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
        let path = folder + "/" + name
        try SecretFileWriter.write(SecretBytes(utf8: json), to: path, replace: true)
        return path
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = folder + "/" + name
        try SecretFileWriter.write(SecretBytes(utf8: text), to: path, replace: true)
        return path
    }
}
