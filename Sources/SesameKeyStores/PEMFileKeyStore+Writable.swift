import Foundation
import SesameCore

extension PEMFileKeyStore: WritableKeyStore {
    /// Writes `secret` to the file for `name`, mode 0600, atomically; an existing file is replaced
    /// only when `replace` is true.
    public func store(_ secret: SecretBytes, named name: String, replace: Bool) async throws {
        try SecretFileWriter.write(secret, to: checkedPath(of: name), replace: replace)
    }

    /// Deletes the file for `name`.
    public func remove(named name: String) async throws {
        let path = try checkedPath(of: name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw KeyStoreError(.notFound, "key file \(path) does not exist")
        }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw KeyStoreError(.unreadable, "cannot remove key file \(path): \(error.localizedDescription)")
        }
    }

    /// The `.pem` files in ``directory`` (empty without a directory: names are arbitrary paths then).
    public func names() async throws -> [String] {
        guard let directory else { return [] }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".pem") }.sorted()
    }
}
