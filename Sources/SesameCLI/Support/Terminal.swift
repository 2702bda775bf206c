import ArgumentParser
import Foundation

/// Writing to stdout and stderr, and failing the way every command fails.
enum Terminal {
    /// Writes `text` and a newline to stdout; when stdout cannot take it (closed, a full disk, a
    /// reader gone), says so on stderr and exits 1 instead of crashing.
    static func print(_ text: String) {
        let error = write(Array((text + "\n").utf8), to: STDOUT_FILENO)
        guard error == 0 else {
            printError("sesame: cannot write the output: \(String(cString: strerror(error))); check where stdout goes")
            Foundation.exit(1)
        }
    }

    /// Writes `text` and a newline to stderr (a failure there has nowhere to be reported).
    static func printError(_ text: String) {
        _ = write(Array((text + "\n").utf8), to: STDERR_FILENO)
    }

    /// Writes all of `bytes`; 0, or the `errno` of the write that failed.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress!, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// Exits after `error`: argument errors through ArgumentParser (usage and help), every other error
    /// as `sesame: MESSAGE` on stderr with exit code 1.
    static func exit(with error: any Error, command: SesameCommand.Type) -> Never {
        if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            command.exit(withError: error)
        }
        if let failure = error as? CommandFailure {
            printError("sesame: \(failure.message)")
            Foundation.exit(failure.exitCode)
        }
        printError("sesame: \(error)")
        Foundation.exit(1)
    }
}

/// A failure a command reports itself: its message goes to stderr as is.
struct CommandFailure: Error, CustomStringConvertible {
    /// What failed, why, and the fix.
    let message: String
    /// The process exit code.
    var exitCode: Int32 = 1

    var description: String { message }
}
