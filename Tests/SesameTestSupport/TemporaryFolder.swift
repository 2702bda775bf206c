import Foundation
import Sesame

/// A fresh folder (mode 0700) removed when the value is released.
public final class TemporaryFolder: Sendable {
    /// The folder's absolute path.
    public let path: String

    /// Creates the folder.
    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sesame-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `secret` to `name` in the folder with mode 0600 and returns its path.
    @discardableResult
    public func write(_ secret: SecretBytes, to name: String) throws -> String {
        let file = path + "/" + name
        try SecretFileWriter.write(secret, to: file, replace: true)
        return file
    }

    /// Writes `text` to `name` in the folder with mode 0600 and returns its path.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> String {
        try write(SecretBytes(utf8: text), to: name)
    }
}
