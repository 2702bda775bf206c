import Foundation
import Testing

/// Runs this test binary again as a helper process (the `VaultHelperEntry` test, selected with
/// `--filter`), in a mode given by `SESAME_VAULT_TEST_HELPER`: to hold the lock from another
/// process, to crash at a write step, to run without a terminal.
enum HelperProcess {
    static let modeVariable = "SESAME_VAULT_TEST_HELPER"

    /// The mode this process runs in, when it is a helper.
    static var mode: String? { ProcessInfo.processInfo.environment[modeVariable] }

    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String

        /// The `HELPER-…` lines the helper printed (the test library prints on stderr).
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
            return await Task.detached {
                var seen = ""
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { return false }
                    seen += String(decoding: chunk, as: UTF8.self)
                    if seen.split(separator: "\n").contains(where: { $0 == line }) { return true }
                }
            }.value
        }

        /// Closes stdin and waits for the exit.
        func finish() async -> Output {
            try? input.fileHandleForWriting.close()
            let out = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
            let err = Task.detached { errors.fileHandleForReading.readDataToEndOfFile() }
            let (stdout, stderr) = await (out.value, err.value)
            await Task.detached { process.waitUntilExit() }.value
            return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// Starts a helper in `mode` with `environment` added (every inherited `SESAME_*` variable removed).
    ///
    /// - Parameters:
    ///   - detached: run under `setsid -w` with stdin from `/dev/null`: no controlling terminal at all.
    static func start(_ mode: String, environment: [String: String], detached: Bool = false) throws -> Running {
        let binary = CommandLine.arguments[0]
        let arguments = [binary, "--testing-library", "swift-testing", "--filter", "VaultHelperEntry"]
        let process = Process()
        if detached {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["-w"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = Array(arguments.dropFirst())
        }
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SESAME_") }
        merged.merge(environment) { $1 }
        merged[modeVariable] = mode
        process.environment = merged
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = detached ? FileHandle.nullDevice : input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return Running(process: process, input: input, output: output, errors: errors)
    }

    /// Runs a helper to completion.
    static func run(_ mode: String, environment: [String: String], detached: Bool = false) async throws -> Output {
        try await start(mode, environment: environment, detached: detached).finish()
    }
}
