import ArgumentParser

/// `sesame`: OAuth access tokens for server-side code, right the first time.
@main
struct SesameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sesame",
        abstract: "Get OAuth access tokens (Coze JWT apps first), diagnose a 401, manage keys, run a local Coze.",
        discussion: """
        Providers and key stores are declared in providers.json (--config, else $SESAME_CONFIG, else \
        ./providers.json). Start with `sesame demo`, which needs no network and no credentials.

        Examples:
          sesame token coze-cn                      print an access token
          sesame token coze-cn --session user-42 --json
          sesame exec coze-cn -- curl -H "Authorization: Bearer $COZE_API_TOKEN" ...
          sesame providers validate --config providers.json
          sesame emulator --port 8080 --app 1234567890:KEY_ID:app.pub.pem
        """,
        version: "0.1.0",
        subcommands: [
            TokenCommand.self,
            JWTCommand.self,
            ExecCommand.self,
            ProvidersCommand.self,
            DoctorCommand.self,
            KeysCommand.self,
            VaultCommand.self,
            EmulatorCommand.self,
            DemoCommand.self,
        ]
    )

    /// Runs the command; failures print one message on stderr and exit non-zero, with nothing on stdout.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            Terminal.exit(with: error, command: self)
        }
    }
}
