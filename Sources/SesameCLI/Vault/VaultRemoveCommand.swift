import ArgumentParser
import SesameVault

/// `sesame vault remove NAME`.
struct VaultRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove the entry NAME (the previous vault is kept as FILE.bak).",
        discussion: """
        Examples:
          sesame vault remove old-key
        """
    )

    @OptionGroup var options: VaultOptions

    @Argument(help: "The entry's name.")
    var name: String

    func run() throws {
        // Checked here, not in validate(): a bad name is a one-line failure, not a usage error.
        try VaultName.validate(name)
        try options.makeVault().remove(named: name)
        Terminal.printError("removed entry \(name) from vault \(options.path)")
    }
}
