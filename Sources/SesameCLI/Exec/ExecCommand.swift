import ArgumentParser
import Foundation
import Sesame

/// `sesame exec NAME [--serve] -- CMD ARGS...`: runs a command with a token in its environment, and
/// with `--serve` a local endpoint that hands it a valid token for as long as it runs.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with an access token in an environment variable.",
        discussion: """
        Like `aws-vault exec`: the token never appears on a command line or in shell history.
          sesame exec coze-cn -- python bot.py
          sesame exec coze-cn --env COZE_TOKEN -- sh -c 'curl -H "Authorization: Bearer $COZE_TOKEN" ...'
        Without --serve the command replaces sesame (same PID) and its exit status is the result; the \
        token in $COZE_API_TOKEN (and its expiry in $COZE_API_TOKEN_EXPIRES_AT) is not renewed. \
        The command gets the token, not what it was made from: variables the key stores read (a \
        private key in an env store, a passphrase) are removed from its environment.

        For a job that outlives its token, --serve keeps sesame running beside the command, with a token \
        endpoint on 127.0.0.1 that always answers a valid token (renewed ahead of expiry):
          SESAME_TOKEN_URL   http://127.0.0.1:PORT/token
          SESAME_TOKEN_AUTH  a random secret, new for every run
        GET $SESAME_TOKEN_URL with "Authorization: Bearer $SESAME_TOKEN_AUTH" answers \
        {"access_token", "token_type", "expires_at"}; anything else gets 401. SIGINT, SIGTERM and SIGHUP \
        are passed on to the command, and sesame exits with its status (128+N after signal N). \
        In the command, ask for a token before each call (it is cached, so this is cheap):
          curl -s -H "Authorization: Bearer $SESAME_TOKEN_AUTH" "$SESAME_TOKEN_URL" | jq -r .access_token
          # Python
          req = urllib.request.Request(os.environ["SESAME_TOKEN_URL"],
                headers={"Authorization": "Bearer " + os.environ["SESAME_TOKEN_AUTH"]})
          token = json.load(urllib.request.urlopen(req))["access_token"]
        """
    )

    @Argument(help: "The provider's name in providers.json.")
    var provider: String

    @OptionGroup var config: ConfigOptions
    @OptionGroup var request: TokenRequestOptions

    @Option(name: .customLong("env"), help: ArgumentHelp("The variable that receives the token.", valueName: "name"))
    var variable = "COZE_API_TOKEN"

    @Flag(help: "Serve fresh tokens to the command on 127.0.0.1 for as long as it runs (see below).")
    var serve = false

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
        let secrets = SecretVariables()
        let registry = try config.loadRegistry(context: secrets.recording(RegistryContext()))
        if serve {
            try await runServing(registry, secrets: secrets)
            return
        }
        let token = try await registry.sharedProvider(named: provider, logger: .commandLineWarnings).fetchToken(request.request)
        for name in secrets.read { unsetenv(name) }
        setenv(variable, token.value, 1)
        setenv("\(variable)_EXPIRES_AT", RFC3339.string(from: token.expiresAt), 1)
        let arguments = command.map { strdup($0) } + [nil]
        ExecSignals.resetBeforeExec()
        ExecDescriptors.closeOnExec()
        execvp(command[0], arguments)
        let reason = String(cString: strerror(errno))
        throw CommandFailure(message: "cannot run \(command[0]): \(reason); check that it is installed and on PATH", exitCode: 127)
    }

    /// `--serve`: the command as a child, the token endpoint beside it until it ends.
    private func runServing(_ registry: Registry, secrets: SecretVariables) async throws {
        let broker = TokenBroker(registry: registry, logger: .commandLineWarnings)
        let cache = try broker.cache(for: provider)
        let tokenRequest = request.request
        let first = try await cache.token(for: tokenRequest)
        let secret = ServeSecret.random()
        let endpoint = ServedToken(cache: cache, request: tokenRequest, provider: provider, secret: secret)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let status = try await withThrowingTaskGroup(of: Void.self, returning: Int32.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await endpoint.run { portContinuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()
                throw CommandFailure(message: "cannot serve tokens on 127.0.0.1; run without --serve", exitCode: 1)
            }
            var environment = secrets.removed(from: ProcessInfo.processInfo.environment)
            environment[variable] = first.value
            environment["\(variable)_EXPIRES_AT"] = RFC3339.string(from: first.expiresAt)
            environment["SESAME_TOKEN_URL"] = "http://127.0.0.1:\(port)/token"
            environment["SESAME_TOKEN_AUTH"] = secret.value
            let forwarder = SignalForwarder(ExecSignals.forwarded)
            defer { forwarder.stop() }
            let child: ChildProcess
            do throws(ChildProcess.SpawnError) {
                child = try ChildProcess.spawn(command, environment: environment)
            } catch {
                group.cancelAll()
                throw CommandFailure(message: "cannot run \(command[0]): \(String(cString: strerror(error.errorNumber))); check that it is installed and on PATH", exitCode: 127)
            }
            forwarder.forward(to: child.pid)
            let status = await child.exitStatus()
            group.cancelAll()
            return status
        }
        await broker.shutdown()
        if status != 0 { throw ExitCode(status) }
    }
}
