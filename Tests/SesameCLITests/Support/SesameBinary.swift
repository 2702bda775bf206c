import Foundation
import SesameTestSupport

/// Runs the real `sesame` executable built by SwiftPM next to the test bundle.
enum SesameBinary {
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// `$SESAME_BIN`, else `sesame` in the build folder that holds this test bundle.
    static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["SESAME_BIN"] { return explicit }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("sesame").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/sesame").path
    }()

    /// Runs `sesame ARGUMENTS` to completion with `environment` added to this process's environment.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        removing removed: [String] = ["SESAME_CONFIG"],
        directory: String? = nil,
        stdin: String? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for name in removed { merged[name] = nil }
        merged.merge(environment) { $1 }
        process.environment = merged
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Blocking reads and waits run on GCD threads: on the cooperative pool (two threads on a
        // two-core machine) they would starve the in-process emulator the command is talking to.
        async let out = offPool { output.fileHandleForReading.readDataToEndOfFile() }
        async let err = offPool { errors.fileHandleForReading.readDataToEndOfFile() }
        let (stdoutData, stderrData) = await (out, err)
        await offPool { process.waitUntilExit() }
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self)
        )
    }
}

