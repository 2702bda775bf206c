import Foundation

/// A fresh folder (mode 0700) under the system's temporary directory, removed when the test ends.
struct TestDirectory: Sendable {
    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// The folder's absolute path (symlinks resolved, so it matches what the vault resolves).
    let path: String

    fileprivate static func create() throws -> TestDirectory {
        let base = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
            .appendingPathComponent("sesame-vault-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return TestDirectory(path: base)
    }

    /// The absolute path of `name` in the folder.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// The bytes of the file at `path` (absolute).
    static func bytes(of path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Replaces the file at `path` with `bytes`, keeping mode 0600.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard chmod(path, mode) == 0 else { throw SetupFailure(description: "chmod \(path) failed: errno \(errno)") }
    }

    /// Whether a file exists at `path`.
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// The permission bits of `path`.
    static func mode(of path: String) throws -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { throw SetupFailure(description: "stat \(path) failed: errno \(errno)") }
        return status.st_mode & 0o7777
    }

    /// Every entry of the folder, hidden ones included, sorted.
    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

/// Runs `body` with a fresh folder and removes it afterwards, whatever happens.
func withTestDirectory<Result>(_ body: (TestDirectory) async throws -> Result) async throws -> Result {
    let directory = try TestDirectory.create()
    defer { try? FileManager.default.removeItem(atPath: directory.path) }
    return try await body(directory)
}
