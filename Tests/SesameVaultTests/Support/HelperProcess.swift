import Foundation
import SesameTestSupport
import Testing

/// Runs the `VaultTestHelper` executable (a program using the vault library; see
/// `Tests/VaultTestHelper`): to hold the lock from another process, to crash at a write step
/// (`--crash-at`), to run without a terminal, to write under another umask.
enum HelperProcess {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String

        /// The `HELPER-…` lines the helper printed.
        var lines: [String] { stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("HELPER-") } }
    }

    /// The process, its stdin and stdout, started and not yet waited for.
    struct Running: @unchecked Sendable {
        let process: Process
        let input: Pipe
        let output: Pipe
        let errors: Pipe

        var pid: Int32 { process.processIdentifier }

        /// Reads stdout until a line equal to `line` arrives; `false` when the helper exits first.
        func waitForLine(_ line: String) async -> Bool {
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

        /// Closes stdin and waits for the exit.
        func finish() async -> Output {
            try? input.fileHandleForWriting.close()
            async let out = offPool { output.fileHandleForReading.readDataToEndOfFile() }
            async let err = offPool { errors.fileHandleForReading.readDataToEndOfFile() }
            let (stdout, stderr) = await (out, err)
            await offPool { process.waitUntilExit() }
            return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// The helper executable: `$VAULT_TEST_HELPER`, else `VaultTestHelper` in this test bundle's
    /// build folder (SwiftPM builds it, as a dependency of `SesameVaultTests`).
    ///
    /// - Throws: ``Missing`` when it is not there: the tests that need it fail, they do not skip.
    static func path() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["VAULT_TEST_HELPER"], !explicit.isEmpty { return explicit }
        if let built = SesameBinary.builtProduct(named: "VaultTestHelper") { return built }
        throw Missing(description: "the VaultTestHelper executable was not found next to \(CommandLine.arguments[0]); build it (swift build --product VaultTestHelper) or set VAULT_TEST_HELPER")
    }

    /// The helper's arguments for `mode` on the vault at `vault`.
    static func arguments(_ mode: String, vault: String, _ options: [String]) -> [String] {
        [mode, "--vault", vault] + options
    }

    /// Starts the helper in `mode` with `options` (`--name`, `--value`, `--crash-at`, ...) and
    /// `environment` added (every inherited `SESAME_*` variable removed).
    ///
    /// - Parameters:
    ///   - detached: run under `setsid -w` with stdin from `/dev/null`: no controlling terminal at all.
    static func start(
        _ mode: String, vault: String, _ options: [String] = [], environment: [String: String], detached: Bool = false
    ) throws -> Running {
        let helper = try path()
        let arguments = [helper] + Self.arguments(mode, vault: vault, options)
        let process = Process()
        if detached {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["-w"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: helper)
            process.arguments = Array(arguments.dropFirst())
        }
        process.environment = SesameBinary.environment(adding: environment, removing: ["SESAME_*"])
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = detached ? FileHandle.nullDevice : input
        process.standardOutput = output
        process.standardError = errors
        try process.runIsolated()
        return Running(process: process, input: input, output: output, errors: errors)
    }

    /// Runs the helper to completion.
    static func run(
        _ mode: String, vault: String, _ options: [String] = [], environment: [String: String], detached: Bool = false
    ) async throws -> Output {
        try await start(mode, vault: vault, options, environment: environment, detached: detached).finish()
    }
}
