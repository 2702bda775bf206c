import Sesame

/// Loads the registry a command uses: `--config`, `$SESAME_CONFIG`, `./providers.json`, else the
/// Coze SDKs' variables; what the library reports about the choice (a default region) goes to
/// stderr, once.
enum RegistrySourceLoader {
    static func load(explicit: String?, context: RegistryContext) throws -> Registry {
        let source = RegistrySource.resolve(explicit: explicit, environment: context.environment)
        let loaded = try Registry.load(from: source, plugins: .commandLine, context: context)
        for note in loaded.notes { Terminal.printError("sesame: \(note)") }
        return loaded.registry
    }
}
