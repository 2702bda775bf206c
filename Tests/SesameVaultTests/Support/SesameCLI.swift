import Foundation
import SesameTestSupport

/// Runs the real `sesame` executable (`$SESAME_BIN`, else the one in this test bundle's build folder).
enum SesameCLI {
    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The binary: `$SESAME_BIN`, else `sesame` in this test bundle's build folder; `""` when absent.
    static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["SESAME_BIN"], !explicit.isEmpty { return explicit }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("sesame").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return ""
    }()

    /// ``path``, checked: a missing binary fails the test that needs it, with the fix; it never skips.
    static func binary() throws -> String {
        guard !path.isEmpty, FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(description: "the sesame executable was not found next to \(CommandLine.arguments[0]); run `swift build` first (or set SESAME_BIN)")
        }
        return path
    }

    /// Runs `sesame ARGUMENTS` with `environment` added (inherited `SESAME_*` variables removed), `stdin` piped in.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: [UInt8]? = nil) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SESAME_") }
        merged.merge(environment) { $1 }
        process.environment = merged
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.runIsolated()
        if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
        try input.fileHandleForWriting.close()
        let out = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let err = Task.detached { errors.fileHandleForReading.readDataToEndOfFile() }
        let (stdout, stderr) = await (out.value, err.value)
        await Task.detached { process.waitUntilExit() }.value
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs `command` (a shell command line) inside `script`, so it has a pseudo-terminal as its
    /// controlling terminal and stdin; each answer is typed once its prompt has appeared (the
    /// prompt discards type-ahead). Returns what the terminal showed and the exit status.
    static func runInTerminal(_ command: String, environment: [String: String], answers: [(prompt: String, answer: String)] = []) async throws -> Output {
        _ = try binary()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SESAME_") }
        merged.merge(environment) { $1 }
        process.environment = merged
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        try process.runIsolated()
        let handle = output.fileHandleForReading
        let typed = input.fileHandleForWriting
        let shown = await Task.detached { () -> String in
            var seen = ""
            var pending = answers[...]
            var searchFrom = seen.startIndex
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return seen }
                seen += String(decoding: chunk, as: UTF8.self)
                if let next = pending.first, let found = seen.range(of: next.prompt, range: searchFrom..<seen.endIndex) {
                    pending = pending.dropFirst()
                    searchFrom = found.upperBound
                    // Typed only after the prompt: echo is off by then.
                    typed.write(Data((next.answer + "\n").utf8))
                }
            }
        }.value
        await Task.detached { process.waitUntilExit() }.value
        try? typed.close()
        return Output(status: process.terminationStatus, stdout: shown, stderr: "")
    }
}
