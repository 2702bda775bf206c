import ArgumentParser

/// `sesame keys`: RSA key pairs for Coze JWT apps.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Generate and inspect RSA key pairs for Coze JWT apps.",
        subcommands: [KeysGenerateCommand.self, KeysInspectCommand.self, KeysImportCommand.self]
    )
}
