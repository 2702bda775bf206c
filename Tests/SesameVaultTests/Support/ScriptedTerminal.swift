import Foundation
import SesameTestSupport

/// Runs a shell command line under `script(1)`, so the command has a pseudo-terminal as its
/// controlling terminal and stdin, and answers its prompts.
enum ScriptedTerminal {
    /// How one run ended.
    struct Result: Sendable {
        /// The exit status of `script`, which is the command's.
        let status: Int32
        /// Everything the terminal showed (the command's stdout and stderr, and the prompts).
        let shown: String
    }

    /// Runs `command` with `environment` added (every inherited `SESAME_*` variable removed); each
    /// answer is typed once its prompt has appeared (the prompt discards type-ahead).
    static func run(_ command: String, environment: [String: String], answers: [(prompt: String, answer: String)] = []) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        process.environment = SesameBinary.environment(adding: environment, removing: ["SESAME_*"])
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        try process.runIsolated()
        let handle = output.fileHandleForReading
        let typed = input.fileHandleForWriting
        let pending = answers
        let shown = await offPool { () -> String in
            var seen = ""
            var pending = pending[...]
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
        }
        await offPool { process.waitUntilExit() }
        try? typed.close()
        return Result(status: process.terminationStatus, shown: shown)
    }
}
