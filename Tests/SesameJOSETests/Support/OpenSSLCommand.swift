import Foundation

/// Runs the `openssl` command-line tool: an implementation independent of the code under test,
/// used to produce inputs and to check outputs.
enum OpenSSLCommand {
    struct Output {
        let status: Int32
        let stdout: Data
        let stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    struct Failed: Error, CustomStringConvertible {
        let arguments: [String]
        let output: Output
        var description: String { "openssl \(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)" }
    }

    /// Runs `openssl ARGUMENTS` with `input` on stdin and returns its exit status and output.
    static func run(_ arguments: [String], input: Data? = nil) throws -> Output {
        let folder = try TemporaryFolder()
        let stdoutPath = folder.file("stdout")
        let stderrPath = folder.file("stderr")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = stdout
        process.standardError = stderr
        if let input {
            process.standardInput = FileHandle(forReadingAtPath: try folder.write(input, to: "stdin"))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        return Output(
            status: process.terminationStatus,
            stdout: try folder.read("stdout"),
            stderr: String(decoding: try folder.read("stderr"), as: UTF8.self)
        )
    }

    /// Runs `openssl ARGUMENTS` and returns its stdout; throws when it exits non-zero.
    @discardableResult
    static func succeed(_ arguments: [String], input: Data? = nil) throws -> Output {
        let output = try run(arguments, input: input)
        guard output.status == 0 else { throw Failed(arguments: arguments, output: output) }
        return output
    }
}
