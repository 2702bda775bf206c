#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import SesameVault

/// `sesame vault get NAME`.
struct VaultGetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Write the value of NAME to stdout, byte for byte.",
        discussion: """
        Refuses to print to a terminal (where it would stay in the scrollback) unless --force is given.

        Examples:
          sesame vault get coze-cn > coze-cn.pem
          sesame vault get client-secret | some-tool --secret-stdin
        """
    )

    @OptionGroup var options: VaultOptions

    @Argument(help: "The entry's name.")
    var name: String

    @Flag(help: "Print the value even when stdout is a terminal.")
    var force = false

    func run() throws {
        // Checked here, not in validate(): a bad name is a one-line failure, not a usage error.
        try VaultName.validate(name)
        guard force || isatty(STDOUT_FILENO) == 0 else {
            throw CommandFailure(message: "refusing to print the secret \(name) to a terminal; redirect stdout (sesame vault get \(name) > FILE) or pass --force")
        }
        let value = try options.makeVault().secret(named: name)
        try value.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    throw CommandFailure(message: "cannot write the value to stdout: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }
}
