import Foundation
import SesameCore

extension CozeEmulatorConfiguration {
    /// Loads the JSON file read by `sesame emulator --config FILE`.
    ///
    /// ```json
    /// {
    ///   "region": "cn",
    ///   "audience": "127.0.0.1:8080",
    ///   "clockLeeway": 60,
    ///   "apps": [
    ///     { "appId": "1127900106117", "type": "normal", "enabled": true,
    ///       "keys": [ { "keyId": "_VzHkKSlwVT2yfAcNrZraFCpusQjQ7pXpEagzYheN7s", "publicKey": "keys/app.pub.pem" } ] },
    ///     { "appId": "1187365024913", "type": "channel",
    ///       "keys": [ { "publicKey": "keys/channel.pub.pem" } ] }
    ///   ],
    ///   "accounts": ["7300000000000000001"],
    ///   "enterprises": ["7300000000000000002"],
    ///   "faults": { "failFirst": 0, "throttleFirst": 0, "dropFirst": 0, "latencyMilliseconds": 0 }
    /// }
    /// ```
    /// Every key is optional except `apps[].appId` and `apps[].keys[].publicKey`. `region` is `cn`
    /// (default) or `com`; `audience` overrides the region's `aud`; `type` is `normal` (default),
    /// `channel` or `privileged`; `enabled` defaults to `true`; an app has 1 to 3 keys; an absent or
    /// empty `keyId` means the key's RFC 7638 thumbprint; `publicKey` is the path of a PEM public key,
    /// relative to the file's folder (`~` expands). `clockLeeway` is in seconds (default 60).
    /// IDs (`appId`, `keyId`, `accounts[]`, `enterprises[]`) must be JSON strings.
    ///
    /// - Throws: ``CozeEmulatorError``: `.unreadableFile`; `.invalidConfiguration` for bad JSON, an
    ///   unknown key (with a "did you mean"), a wrong type, a numeric ID or a duplicate app, with
    ///   ``CozeEmulatorError/path`` naming the JSON path (`apps[0].keys[0].publicKey`);
    ///   `.invalidPublicKey` for a file that is not an RSA public key.
    public static func load(file path: String) throws -> CozeEmulatorConfiguration {
        let data: [UInt8]
        do throws(SecretFileError) {
            data = try PlainFileReader.read(path, what: "emulator configuration file")
        } catch {
            throw CozeEmulatorError(.unreadableFile, "cannot read the emulator configuration file \(path): \(error.message)")
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw CozeEmulatorError(.invalidConfiguration, "the emulator configuration file \(path) is not valid JSON: \(error)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            return try ConfigurationFileReader(directory: directory).read(root)
        } catch let error as CozeEmulatorError {
            throw CozeEmulatorError(error.code, "\(path): \(error.message)", path: error.path, underlying: error.underlying)
        }
    }
}
