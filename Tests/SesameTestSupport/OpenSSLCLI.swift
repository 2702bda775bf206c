import Foundation

/// Runs the `openssl` command-line tool: an implementation independent of the code under test.
public enum OpenSSLCLI {
    /// Runs `openssl ARGUMENTS` off the cooperative pool; throws with its stderr when it fails.
    @discardableResult
    public static func run(_ arguments: [String]) async throws -> Data {
        try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let message = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw OpenSSLCLIError(arguments: arguments, stderr: String(decoding: message, as: UTF8.self))
            }
            return data
        }
    }
}

/// `openssl` exited with a failure.
public struct OpenSSLCLIError: Error, CustomStringConvertible {
    /// The arguments it ran with.
    public let arguments: [String]
    /// What it printed on stderr.
    public let stderr: String
    /// `openssl ARGS failed: STDERR`.
    public var description: String { "openssl \(arguments.joined(separator: " ")) failed: \(stderr)" }
}
