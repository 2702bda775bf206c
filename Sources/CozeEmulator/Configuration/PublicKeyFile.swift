import Foundation
import SesameCore
import SesameJOSE

/// Reads a PEM public key file named in an app spec or a configuration file.
enum PublicKeyFile {
    /// `path` made absolute: `~` expands to the home folder, a relative path is taken from `directory`.
    static func resolve(_ path: String, relativeTo directory: String) -> String {
        if path == "~" || path.hasPrefix("~/") {
            let home = FileManager.default.homeDirectoryForCurrentUser.path
            return home + path.dropFirst()
        }
        if path.hasPrefix("/") { return path }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return base.isEmpty ? path : base + "/" + path
    }

    /// Loads the key at `path` (already resolved) and registers it under `keyID` (empty: its thumbprint).
    ///
    /// - Throws: ``CozeEmulatorError`` (`.unreadableFile` or `.invalidPublicKey`), naming the file.
    static func load(_ path: String, keyID: String?, jsonPath: String? = nil) throws -> EmulatedKey {
        let prefix = jsonPath.map { "\($0): " } ?? ""
        let text: String
        do throws(SecretFileError) {
            let bytes = try PlainFileReader.read(path, what: "public key file", maxSize: SecretFileReader.maxKeyFileSize)
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw SecretFileError(.unexpectedContent, path: path, "it is not readable UTF-8 text")
            }
            text = decoded
        } catch {
            let reason = error.code == .notFound ? "no such file" : error.message
            throw CozeEmulatorError(
                .unreadableFile,
                prefix + "cannot read the public key file \(path): \(reason); give the path of the PEM public key uploaded to Coze",
                path: jsonPath
            )
        }
        do {
            return EmulatedKey(keyID: keyID, publicKey: try RSAPublicKey(pem: text))
        } catch let error as JOSEError {
            throw CozeEmulatorError(.invalidPublicKey, prefix + "\(path): \(error.message)", path: jsonPath, underlying: error)
        }
    }
}
