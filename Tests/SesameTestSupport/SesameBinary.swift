import Foundation

/// Runs the real `sesame` executable, as a user would.
///
/// A missing binary is a failure with the fix (``Missing``), never a skip: a CLI test that cannot run
/// the command it tests must not pass.
public struct SesameBinary: Sendable {
    /// How one run ended.
    public struct Result: Sendable {
        /// The exit status.
        public let status: Int32
        /// Everything written to stdout, as UTF-8 text.
        public let stdout: String
        /// Everything written to stderr, as UTF-8 text.
        public let stderr: String
    }

    /// There is no executable at the binary's path.
    public struct Missing: Error, CustomStringConvertible, Sendable {
        /// Where the binary was looked for.
        public let path: String
        /// What is missing and how to get it.
        public var description: String {
            "no sesame executable at \(path): CLI tests run the real binary; build it first (`swift build`, which builds every product, before `swift test --skip-build`) or set SESAME_BIN to its path"
        }
    }

    /// The executable's path.
    public let path: String

    /// The binary at `path`.
    public init(path: String) {
        self.path = path
    }

    /// `$SESAME_BIN` when set and not empty; else `sesame` in the build folder that holds this test
    /// bundle; else the package's `.build/debug/sesame`.
    public static let built = SesameBinary(path: {
        if let explicit = ProcessInfo.processInfo.environment["SESAME_BIN"], !explicit.isEmpty { return explicit }
        if let found = builtProduct(named: "sesame") { return found }
        // This file is Tests/SesameTestSupport/SesameBinary.swift: three levels below the package root.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root = root.deletingLastPathComponent() }
        return root.appendingPathComponent(".build/debug/sesame").path
    }())

    /// The executable product `name` in the build folder that holds this test bundle (looked for there
    /// and up to three folders above it, as SwiftPM lays out bundles on each platform); `nil` when
    /// there is none. Also finds the package's other test executables (`VaultTestHelper`).
    public static func builtProduct(named name: String) -> String? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// ``path``, once checked to be an executable file (for tests that start the process themselves).
    ///
    /// - Throws: ``Missing`` when it is not.
    public func checkedPath() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing(path: path) }
        return path
    }

    /// Runs `sesame ARGUMENTS` to completion.
    ///
    /// - Parameters:
    ///   - environment: variables added to this process's environment (they win over inherited ones).
    ///   - removed: inherited variables to drop first; a name ending in `*` drops every variable with
    ///     that prefix (`"SESAME_*"`). Default: `SESAME_CONFIG`, so the developer's own registry never
    ///     leaks into a test.
    ///   - directory: the working directory; default this process's.
    ///   - stdin: bytes piped to standard input, which is then closed (default: closed at once).
    /// - Throws: ``Missing`` when there is no executable at ``path``; an error when it cannot start.
    public func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        removing removed: [String] = ["SESAME_CONFIG"],
        directory: String? = nil,
        stdin: [UInt8]? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try checkedPath())
        process.arguments = arguments
        process.environment = Self.environment(adding: environment, removing: removed)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.runIsolated()
        // Blocking writes, reads and waits run on threads of their own (offPool): on the cooperative pool (two threads on
        // a two-core machine) they would starve the in-process emulator the command is talking to.
        async let out = offPool { output.fileHandleForReading.readDataToEndOfFile() }
        async let err = offPool { errors.fileHandleForReading.readDataToEndOfFile() }
        let writer = input.fileHandleForWriting
        await offPool {
            // The throwing write: a command that stops reading early (a size limit) closes the pipe, and
            // the non-throwing one would crash this process on EPIPE.
            if let stdin { try? writer.write(contentsOf: Data(stdin)) }
            try? writer.close()
        }
        let (stdoutData, stderrData) = await (out, err)
        await offPool { process.waitUntilExit() }
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self)
        )
    }

    /// ``run(_:environment:removing:directory:stdin:)`` on ``built``.
    public static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        removing removed: [String] = ["SESAME_CONFIG"],
        directory: String? = nil,
        stdin: [UInt8]? = nil
    ) async throws -> Result {
        try await built.run(arguments, environment: environment, removing: removed, directory: directory, stdin: stdin)
    }

    /// This process's environment without `removed` (a trailing `*` matches a prefix), plus `added`:
    /// what ``run(_:environment:removing:directory:stdin:)`` passes, for tests that start `sesame`
    /// (or another program) themselves, on a pseudo-terminal or under `setsid`.
    public static func environment(adding added: [String: String], removing removed: [String]) -> [String: String] {
        var merged = ProcessInfo.processInfo.environment.filter { name, _ in
            !removed.contains { pattern in
                pattern.hasSuffix("*") ? name.hasPrefix(String(pattern.dropLast())) : name == pattern
            }
        }
        merged.merge(added) { $1 }
        return merged
    }
}
