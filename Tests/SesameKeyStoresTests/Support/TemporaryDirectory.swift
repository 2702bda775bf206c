import Foundation

/// A fresh folder under the system's temporary directory (mode 0700), for one test.
///
/// Use it through ``withTemporaryDirectory(_:)``, which removes it when the test ends, passed or failed.
struct TemporaryDirectory: Sendable {
    /// Thrown when the test's own set-up did not do what it asked for.
    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// The folder's absolute path.
    let path: String

    fileprivate static func create() throws -> TemporaryDirectory {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sesame-keystores-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return TemporaryDirectory(path: path)
    }

    /// The absolute path of `name` (which may contain `/`) in the folder.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `bytes` to `name` and sets `mode` on it (checked with `stat`); returns the path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String, mode: mode_t = 0o600) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        try setMode(mode, of: target)
        return target
    }

    /// Writes the UTF-8 of `text` to `name` with `mode`; returns the path.
    @discardableResult
    func write(_ text: String, to name: String, mode: mode_t = 0o600) throws -> String {
        try write(Array(text.utf8), to: name, mode: mode)
    }

    /// Creates the folder `name` (and its parents); returns its path.
    @discardableResult
    func makeDirectory(_ name: String) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return target
    }

    /// The bytes of `name`.
    func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: file(name))))
    }

    /// Every entry of the folder `name` (the folder itself when `nil`), hidden ones included, sorted.
    func entries(in name: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: name.map(file) ?? path).sorted()
    }

    /// Sets the permission bits of `target` and checks that they took.
    func setMode(_ mode: mode_t, of target: String) throws {
        guard chmod(target, mode) == 0 else {
            throw SetupFailure(description: "chmod \(String(mode, radix: 8)) \(target) failed: errno \(errno)")
        }
        let actual = try Self.mode(of: target)
        guard actual == mode else {
            throw SetupFailure(description: "\(target) has mode \(String(actual, radix: 8)), wanted \(String(mode, radix: 8))")
        }
    }

    /// The permission bits of the file at `target`.
    static func mode(of target: String) throws -> mode_t {
        var status = stat()
        guard stat(target, &status) == 0 else {
            throw SetupFailure(description: "stat \(target) failed: errno \(errno)")
        }
        return status.st_mode & 0o7777
    }
}

/// Runs `body` with a fresh temporary folder and removes the folder afterwards, whatever happens.
func withTemporaryDirectory<Result>(_ body: (TemporaryDirectory) async throws -> Result) async throws -> Result {
    let directory = try TemporaryDirectory.create()
    defer { try? FileManager.default.removeItem(atPath: directory.path) }
    return try await body(directory)
}

/// ``withTemporaryDirectory(_:)-(TemporaryDirectory)async`` for synchronous tests.
func withTemporaryDirectory<Result>(_ body: (TemporaryDirectory) throws -> Result) throws -> Result {
    let directory = try TemporaryDirectory.create()
    defer { try? FileManager.default.removeItem(atPath: directory.path) }
    return try body(directory)
}

/// Parses `"0644"` as an octal file mode.
func fileMode(_ octal: String) -> mode_t {
    mode_t(octal, radix: 8)!
}
