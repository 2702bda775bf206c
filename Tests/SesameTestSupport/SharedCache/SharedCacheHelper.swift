import Foundation

/// Runs the `SharedCacheTestHelper` executable (see `Tests/SharedCacheTestHelper`): a process
/// sharing tokens through a registry's `file` token cache.
public enum SharedCacheHelper {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        /// The `HELPER-…` lines the helper printed.
        public var lines: [String] { stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("HELPER-") } }
        /// The `HELPER-WARNING` messages.
        public var warnings: [String] { lines.filter { $0.hasPrefix("HELPER-WARNING ") }.map { String($0.dropFirst("HELPER-WARNING ".count)) } }
        /// `(count, digest)` from `HELPER-TOKENS COUNT DIGEST`.
        public var tokens: (count: Int, digest: String)? {
            guard let line = lines.first(where: { $0.hasPrefix("HELPER-TOKENS ") }) else { return nil }
            let parts = line.split(separator: " ")
            guard parts.count == 3, let count = Int(parts[1]) else { return nil }
            return (count, String(parts[2]))
        }
    }

    /// A started helper, not yet waited for.
    public struct Running: @unchecked Sendable {
        let process: Process
        let output: Pipe
        let errors: Pipe

        public var pid: Int32 { process.processIdentifier }

        /// Reads stdout until a line equal to `line` arrives; `false` when the helper exits first.
        /// What was read is lost to ``finish()``: use it only on helpers whose output is not checked after.
        public func waitForLine(_ line: String) async -> Bool {
            let handle = output.fileHandleForReading
            return await offPool {
                var seen = ""
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { return false }
                    seen += String(decoding: chunk, as: UTF8.self)
                    if seen.split(separator: "\n").contains(where: { $0 == line }) { return true }
                }
            }
        }

        /// Waits for the exit, killing the helper with SIGKILL when it has not exited within `limit`
        /// (its status then says so): a helper that hangs fails its test instead of stalling the run.
        public func finish(killingAfter limit: Duration) async -> Output {
            let process = self.process
            let killer = Task {
                guard (try? await Task.sleep(for: limit)) != nil, process.isRunning else { return }
                kill(process.processIdentifier, SIGKILL)
            }
            defer { killer.cancel() }
            return await finish()
        }

        /// Waits for the exit.
        public func finish() async -> Output {
            async let out = offPool { output.fileHandleForReading.readDataToEndOfFile() }
            async let err = offPool { errors.fileHandleForReading.readDataToEndOfFile() }
            let (stdout, stderr) = await (out, err)
            await offPool { process.waitUntilExit() }
            return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// The helper executable: `$SHARED_CACHE_TEST_HELPER`, else `SharedCacheTestHelper` in this test
    /// bundle's build folder (SwiftPM builds it, as a dependency of this test target).
    ///
    /// - Throws: ``Missing`` when it is not there: the tests that need it fail, they do not skip.
    public static func path() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["SHARED_CACHE_TEST_HELPER"], !explicit.isEmpty { return explicit }
        if let built = SesameBinary.builtProduct(named: "SharedCacheTestHelper") { return built }
        throw Missing(description: "the SharedCacheTestHelper executable was not found next to \(CommandLine.arguments[0]); build it (swift build --product SharedCacheTestHelper) or set SHARED_CACHE_TEST_HELPER")
    }

    /// Starts the helper in `mode` on the registry `config`, provider `coze-cn`, with `options` and
    /// the variables `environment` added.
    public static func start(_ mode: String, config: String, _ options: [String] = [], environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = [mode, "--config", config, "--provider", "coze-cn"] + options
        process.environment = SesameBinary.environment(adding: environment, removing: ["SESAME_*"])
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.runIsolated()
        return Running(process: process, output: output, errors: errors)
    }

    /// Runs `count` helpers in `mode` at once and returns their outputs; a helper still running after
    /// `limit` is killed (see ``Running/finish(killingAfter:)``).
    public static func runConcurrently(
        _ count: Int, _ mode: String, config: String, _ options: [String] = [], environment: [String: String] = [:],
        killingAfter limit: Duration = .seconds(120)
    ) async throws -> [Output] {
        let running = try (0..<count).map { _ in try start(mode, config: config, options, environment: environment) }
        var outputs: [Output] = []
        for helper in running { outputs.append(await helper.finish(killingAfter: limit)) }
        return outputs
    }
}
