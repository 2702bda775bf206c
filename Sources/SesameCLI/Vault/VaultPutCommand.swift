#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Sesame
import SesameVault

/// `sesame vault put NAME`.
struct VaultPutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Store a value under NAME, read from --from-file or stdin (never from the command line).",
        discussion: """
        NAME is 1 to 128 characters of A-Z a-z 0-9 . _ @ : / -. A pem entry must be an unencrypted PEM \
        RSA private key (checked before it is stored); anything else is --kind opaque. Values are 1 to \
        65536 bytes. The previous vault is kept as FILE.bak.

        Examples:
          sesame vault put coze-cn --from-file coze-cn.pem
          openssl genpkey -algorithm RSA | sesame vault put coze-com
          printf %s "$TOKEN" | sesame vault put token --kind opaque --replace
        """
    )

    /// `pem` or `opaque`.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case pem, opaque

        var entryKind: VaultEntryKind { self == .pem ? .pemPrivateKey : .opaque }
    }

    @OptionGroup var options: VaultOptions

    @Argument(help: "The entry's name.")
    var name: String

    @Option(help: ArgumentHelp("What the value is: pem (an RSA private key) or opaque.", valueName: "kind"))
    var kind: Kind = .pem

    @Option(name: .customLong("from-file"), help: ArgumentHelp("Read the value from this file instead of stdin.", valueName: "file"))
    var fromFile: String?

    @Flag(help: "Replace an existing entry of the same name.")
    var replace = false

    func run() throws {
        // Checked here, not in validate(): a bad name is a one-line failure, not a usage error.
        try VaultName.validate(name)
        let value: SecretBytes
        if let fromFile {
            value = try VaultValueInput.read(file: fromFile, name: name)
        } else {
            guard isatty(STDIN_FILENO) == 0 else {
                throw CommandFailure(message: "put reads the value from stdin, which is a terminal; pipe it in or pass --from-file FILE")
            }
            value = try VaultValueInput.read(descriptor: STDIN_FILENO, name: name)
        }
        try options.makeVault().put(value, named: name, kind: kind.entryKind, replace: replace)
        Terminal.printError("stored \(kind.rawValue) entry \(name) (\(value.count) bytes) in vault \(options.path)")
    }
}
