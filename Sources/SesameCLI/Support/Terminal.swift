import ArgumentParser
import Foundation

/// Writing to stdout and stderr, and failing the way every command fails.
enum Terminal {
    /// Writes `text` and a newline to stdout.
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes `text` and a newline to stderr.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
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
