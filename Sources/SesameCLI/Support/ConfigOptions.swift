import ArgumentParser
import Sesame

/// `--config FILE`, shared by every command that reads providers.json.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The registry file.",
            discussion: "Default: $SESAME_CONFIG when set, else ./providers.json, else the Coze SDKs' COZE_JWT_OAUTH_* variables (provider \"coze\").",
            valueName: "file"
        )
    )
    var config: String?

    /// The registry path chosen by the flag, the environment or the default.
    var path: String { RegistryLocation.resolve(explicit: config) }

    /// Builds the registry with the built-in plugins (vault stores with the CLI's passphrase sources;
    /// in environment-only mode, from the Coze SDKs' variables); errors name the file and every problem.
    func loadRegistry(context: RegistryContext = RegistryContext()) throws -> Registry {
        try RegistrySourceLoader.load(explicit: config, context: context)
    }
}

/// `--session`, `--lifetime`, `--option`: what a token is for.
struct TokenRequestOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The end user the token acts for (Coze session_name).", valueName: "id"))
    var session: String?

    @Option(help: ArgumentHelp("Token lifetime in seconds (Coze: 1-86399; default from providers.json, else 900).", valueName: "seconds"))
    var lifetime: Int?

    @Option(
        name: .customLong("option"),
        help: ArgumentHelp("A provider option as KEY=VALUE, repeatable (coze-jwt: deviceId, customConsumer; oauth2-client-credentials: scope, audience, resource).", valueName: "key=value")
    )
    var options: [String] = []

    func validate() throws {
        if let lifetime, lifetime <= 0 {
            throw ValidationError("--lifetime must be a positive number of seconds, got \(lifetime)")
        }
        for option in options where !option.contains("=") || option.hasPrefix("=") {
            throw ValidationError("--option expects KEY=VALUE, got \"\(option)\"")
        }
    }

    /// The request these flags describe.
    var request: TokenRequest {
        var values: [String: String] = [:]
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = String(parts[1])
        }
        return TokenRequest(sessionName: session, lifetime: lifetime, options: values)
    }
}
