import Foundation
import Sesame

/// A fresh folder (mode 0700) under the system's temporary directory, removed with its contents when
/// the value is released.
///
/// Its ``path`` has symlinks resolved (macOS's `/var` is `/private/var`), so it equals the path code
/// under test resolves. Names given to its methods are relative to the folder and may contain `/`;
/// missing parent folders are created (mode 0700). Use `withTemporaryFolder(_:)` to keep the
/// folder alive for exactly one scope.
public final class TemporaryFolder: Sendable {
    /// The folder's absolute path.
    public let path: String

    /// Creates the folder, named `PREFIX-UUID`.
    public init(prefix: String = "sesame-test") throws {
        let base = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        path = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The folder as a file URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// The absolute path of `name` in the folder (nothing is created).
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `bytes` to `name` with permission bits `mode` (checked after writing) and returns its path.
    @discardableResult
    public func write(_ bytes: some Sequence<UInt8>, to name: String, mode: mode_t = 0o600) throws -> String {
        let target = file(name)
        try makeParent(of: target)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        try Self.setMode(mode, of: target)
        return target
    }

    /// Writes the UTF-8 of `text` to `name` with `mode` and returns its path.
    @discardableResult
    public func write(_ text: String, to name: String, mode: mode_t = 0o600) throws -> String {
        try write(Array(text.utf8), to: name, mode: mode)
    }

    /// Writes the bytes of `secret` to `name` with `mode` and returns its path.
    @discardableResult
    public func write(_ secret: SecretBytes, to name: String, mode: mode_t = 0o600) throws -> String {
        try write(secret.withUnsafeBytes { Array($0) }, to: name, mode: mode)
    }

    /// Creates the folder `name` (and its parents) with `mode` and returns its path.
    @discardableResult
    public func makeDirectory(_ name: String, mode: mode_t = 0o700) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
        try Self.setMode(mode, of: target)
        return target
    }

    /// The bytes of `name`.
    public func read(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: file(name)))
    }

    /// The contents of `name` as UTF-8 text (invalid bytes replaced).
    public func text(_ name: String) throws -> String {
        String(decoding: try read(name), as: UTF8.self)
    }

    /// Whether anything exists at `name`.
    public func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: file(name))
    }

    /// The entries of the folder `name` (the folder itself when `nil`), hidden ones included, sorted.
    public func entries(in name: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: name.map(file) ?? path).sorted()
    }

    /// Sets the permission bits of the file at `path` and checks that they took.
    ///
    /// - Throws: ``TestSetupError`` when `chmod` fails or the mode read back differs.
    public static func setMode(_ mode: mode_t, of path: String) throws {
        guard chmod(path, mode) == 0 else {
            throw TestSetupError("chmod \(String(mode, radix: 8)) \(path) failed: errno \(errno)")
        }
        let actual = try Self.mode(of: path)
        guard actual == mode else {
            throw TestSetupError("\(path) has mode \(String(actual, radix: 8)), wanted \(String(mode, radix: 8))")
        }
    }

    /// The permission bits (`0o7777`) of the file at `path`.
    ///
    /// - Throws: ``TestSetupError`` when `stat` fails.
    public static func mode(of path: String) throws -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { throw TestSetupError("stat \(path) failed: errno \(errno)") }
        return status.st_mode & 0o7777
    }

    private func makeParent(of target: String) throws {
        let parent = (target as NSString).deletingLastPathComponent
        guard parent != path, !FileManager.default.fileExists(atPath: parent) else { return }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}

/// Runs `body` with a fresh ``TemporaryFolder`` that lives until `body` returns or throws.
public func withTemporaryFolder<Result>(_ body: (TemporaryFolder) async throws -> Result) async throws -> Result {
    let folder = try TemporaryFolder()
    defer { withExtendedLifetime(folder) {} }
    return try await body(folder)
}

/// Runs synchronous `body` with a fresh ``TemporaryFolder`` that lives until `body` returns or throws.
public func withTemporaryFolder<Result>(_ body: (TemporaryFolder) throws -> Result) throws -> Result {
    let folder = try TemporaryFolder()
    defer { withExtendedLifetime(folder) {} }
    return try body(folder)
}
