import ArgumentParser
import Foundation
import Sesame

/// `sesame providers import`: a providers.json entry from the Coze SDKs' settings.
struct ProvidersImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a Coze SDK setup (variables, a .env file, an OAuth app JSON) into a providers.json entry.",
        discussion: """
        Reads the variables the Coze SDK examples use (COZE_JWT_OAUTH_CLIENT_ID, ..._PUBLIC_KEY_ID, \
        ..._PRIVATE_KEY, ..._PRIVATE_KEY_FILE_PATH, ..._PRIVATE_KEY_BASE64, COZE_API_BASE) from the \
        environment (--from-env) or a .env file (--dotenv), or coze-py's OAuth app JSON / the OAuth \
        quickstart's config.json (--from-json). Secrets stay where they are: the entry refers to the \
        variable, the .env entry or the PEM file. A private key pasted inside a JSON file is moved into \
        the key store named by --store (a pem-file or sodium-vault store of the registry, or a folder). \
        Without --write, prints a providers.json holding the entry; with --write F, adds the entry (and \
        any key store it needs) to F, changing nothing else in it. Every variable or field used and \
        ignored is named on stderr.
          sesame providers import --dotenv .env --write providers.json
          sesame providers import --from-json coze_oauth_config.json --store keys/ --write providers.json
        """
    )

    @Flag(name: .customLong("from-env"), help: "Read the Coze SDK variables from the environment.")
    var fromEnvironment = false

    @Option(name: .customLong("dotenv"), help: ArgumentHelp("Read the Coze SDK variables from this .env file.", valueName: "file"))
    var dotenv: String?

    @Option(name: .customLong("from-json"), help: ArgumentHelp("Read coze-py's OAuth app JSON or the quickstart's config.json.", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("The provider's name.", valueName: "name"))
    var name = CozeSDKImport.defaultName

    @Option(help: ArgumentHelp("Where a private key pasted in the JSON file goes: a pem-file or sodium-vault store of the registry, or a folder (path ending in /).", valueName: "store"))
    var store: String?

    @Option(help: ArgumentHelp("Add the entry to this registry file (created when missing) instead of printing it.", valueName: "file"))
    var write: String?

    @OptionGroup var config: ConfigOptions

    func validate() throws {
        let sources = [fromEnvironment, dotenv != nil, json != nil].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError("choose one source: --from-env, --dotenv FILE or --from-json FILE")
        }
        guard !name.isEmpty else { throw ValidationError("--name must not be empty") }
    }

    func run() async throws {
        let registryPath = write ?? RegistryLocation.resolve(explicit: config.config)
        let registryDirectory = (URL(fileURLWithPath: registryPath).standardizedFileURL.path as NSString).deletingLastPathComponent
        var entry: CozeSDKImport
        if fromEnvironment {
            entry = try CozeSDKImport.fromEnvironment(name: name, registryDirectory: registryDirectory)
        } else if let dotenv {
            entry = try CozeSDKImport.fromDotenv(path: dotenv, name: name, registryDirectory: registryDirectory)
        } else {
            entry = try CozeSDKImport.fromJSON(path: json!, name: name, registryDirectory: registryDirectory)
        }
        if entry.inlinePrivateKey != nil {
            entry = try await entry.movingPrivateKey(toStore: store, registryPath: registryPath)
        } else if let store {
            Terminal.printError("sesame: --store \(store) not used: the private key is already in a file or variable, and stays there")
        }
        for use in entry.used { Terminal.printError("sesame: used \(use)") }
        for ignored in entry.ignored { Terminal.printError("sesame: ignored \(ignored)") }
        for note in entry.notes { Terminal.printError("sesame: \(note)") }
        if let write {
            let written = try RegistryFileEditor.add(entry, to: write)
            Terminal.printError("sesame: added provider \"\(written.name)\" to \(write); try: sesame doctor \(written.name) --config \(write)")
        } else {
            Terminal.print(entry.registryText.trimmingCharacters(in: .newlines))
        }
    }
}
