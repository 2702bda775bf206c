import ArgumentParser
import Foundation
import Sesame

/// `sesame exec NAME -- CMD ARGS...`: runs a command with a token in its environment.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with an access token in an environment variable.",
        discussion: """
        Like `aws-vault exec`: the token never appears on a command line or in shell history.
          sesame exec coze-cn -- python bot.py
          sesame exec coze-cn --env COZE_TOKEN -- sh -c 'curl -H "Authorization: Bearer $COZE_TOKEN" ...'
        The command replaces sesame (same PID); its exit status is the result.
        """
    )

    @Argument(help: "The provider's name in providers.json.")
    var provider: String

    @OptionGroup var config: ConfigOptions
    @OptionGroup var request: TokenRequestOptions

    @Option(name: .customLong("env"), help: ArgumentHelp("The variable that receives the token.", valueName: "name"))
    var variable = "COZE_API_TOKEN"

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else {
            throw ValidationError("missing the command to run; put it after --: sesame exec \(provider) -- CMD ARGS")
        }
        guard !variable.isEmpty, !variable.contains("=") else {
            throw ValidationError("--env must be a variable name, got \"\(variable)\"")
        }
    }

    func run() async throws {
        let registry = try config.loadRegistry()
        let token = try await registry.provider(named: provider).provider.fetchToken(request.request)
        setenv(variable, token.value, 1)
        setenv("\(variable)_EXPIRES_AT", RFC3339.string(from: token.expiresAt), 1)
        let arguments = command.map { strdup($0) } + [nil]
        ExecSignals.resetBeforeExec()
        execvp(command[0], arguments)
        let reason = String(cString: strerror(errno))
        throw CommandFailure(message: "cannot run \(command[0]): \(reason); check that it is installed and on PATH", exitCode: 127)
    }
}
