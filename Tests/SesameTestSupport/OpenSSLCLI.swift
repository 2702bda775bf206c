import Foundation

/// Runs the `openssl` command-line tool: an implementation independent of the code under test, used
/// to make test inputs (keys, signatures) and to check outputs.
///
/// Standard input, output and error go through files in a ``TemporaryFolder``: reading pipes with
/// Foundation's `FileHandle` can trap on `EINTR`, and a full stderr pipe would stall the tool.
public enum OpenSSLCLI {
    /// What one run of `openssl` ended with.
    public struct Output: Sendable {
        /// The exit status.
        public let status: Int32
        /// Everything written to stdout.
        public let stdout: Data
        /// Everything written to stderr, as text.
        public let stderr: String

        /// stdout as UTF-8 text.
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `openssl ARGUMENTS` with `input` on stdin (none: `/dev/null`) and returns how it ended,
    /// whatever its exit status. Blocks the calling thread until the tool exits.
    public static func run(_ arguments: [String], input: Data? = nil) throws -> Output {
        let folder = try TemporaryFolder(prefix: "sesame-openssl")
        let stdoutPath = try folder.write([UInt8](), to: "stdout")
        let stderrPath = try folder.write([UInt8](), to: "stderr")
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
        try process.runIsolated()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        return Output(status: process.terminationStatus, stdout: try folder.read("stdout"), stderr: try folder.text("stderr"))
    }

    /// Runs `openssl ARGUMENTS` and returns its output.
    ///
    /// - Throws: ``OpenSSLCLIError`` with the tool's stderr when it exits non-zero.
    @discardableResult
    public static func succeed(_ arguments: [String], input: Data? = nil) throws -> Output {
        let output = try run(arguments, input: input)
        guard output.status == 0 else { throw OpenSSLCLIError(arguments: arguments, output: output) }
        return output
    }

    /// ``succeed(_:input:)`` on a thread of its own (``offPool``), so the wait never blocks Swift's executor.
    @discardableResult
    public static func succeed(_ arguments: [String], input: Data? = nil) async throws -> Output {
        try await offPool { try succeed(arguments, input: input) }
    }
}

/// `openssl` exited with a failure.
public struct OpenSSLCLIError: Error, CustomStringConvertible {
    /// The arguments it ran with.
    public let arguments: [String]
    /// How it ended.
    public let output: OpenSSLCLI.Output
    /// `openssl ARGS exited STATUS: STDERR`.
    public var description: String {
        "openssl \(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)"
    }
}
