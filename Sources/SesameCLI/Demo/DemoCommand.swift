import ArgumentParser

/// `sesame demo`: the whole flow on this machine, no network, no credentials.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Sesame end to end against local Coze emulators (no network, no credentials).",
        discussion: """
        Generates throwaway keys into a PEM file, an environment variable and an encrypted vault, starts \
        emulators for coze.cn and coze.com in this process, writes a temporary providers.json, gets \
        tokens for every provider through it, and shows the cache at work. Everything is removed at \
        the end unless --keep is given.
        """
    )

    @Flag(help: "Keep the temporary folder (keys, providers.json) and print its path.")
    var keep = false

    func run() async throws {
        try await DemoScenario(keepFiles: keep).run { Terminal.print($0) }
    }
}
