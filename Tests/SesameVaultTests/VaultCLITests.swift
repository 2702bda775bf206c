import Foundation
import SesameTestSupport
import Sesame
@testable import SesameVault
import Testing

/// End-to-end tests of `sesame vault`, against the built binary (a missing binary is a failure).
@Suite("sesame vault: the command line")
struct VaultCLITests {
    static func environment(_ passphrase: String? = TestSecrets.passphrase, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = extra
        if let passphrase { environment["SESAME_VAULT_PASSPHRASE"] = passphrase }
        return environment
    }

    /// Runs the built `sesame` with `environment` added and every inherited `SESAME_*` variable
    /// removed; `stdin` is piped in, then closed. A missing binary fails the test.
    static func sesame(_ arguments: [String], environment: [String: String] = [:], stdin: [UInt8]? = nil) async throws -> SesameBinary.Result {
        try await SesameBinary.run(arguments, environment: environment, removing: ["SESAME_*"], stdin: stdin)
    }

    /// A failure is one `sesame: …` line on stderr, exit 1, nothing on stdout.
    static func expectFailure(_ output: SesameBinary.Result, _ message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == 1, sourceLocation: sourceLocation)
        #expect(output.stdout.isEmpty, sourceLocation: sourceLocation)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("sesame: "), "\(output.stderr)", sourceLocation: sourceLocation)
        if let message { #expect(output.stderr == "sesame: \(message)\n", sourceLocation: sourceLocation) }
    }

    @Test("init, put (stdin and --from-file), get, list, remove, verify")
    func roundTrip() async throws {
        try await withTemporaryFolder { directory in
            let vault = directory.file("vault")
            let pem = try TestSecrets.pem()
            let pemFile = try directory.write(pem, to: "key.pem")

            let created = try await Self.sesame(["vault", "init", "--vault", vault, "--kdf", "interactive"], environment: Self.environment())
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.isEmpty)
            #expect(try TemporaryFolder.mode(of: vault) == 0o600)
            #expect(try directory.read("vault").count == 4316)

            #expect(try await Self.sesame(["vault", "put", "coze-cn", "--vault", vault, "--from-file", pemFile], environment: Self.environment()).status == 0)
            let opaque = try await Self.sesame(["vault", "put", "token", "--kind", "opaque", "--vault", vault], environment: Self.environment(), stdin: Array("opaque-secret-value-1234".utf8))
            #expect(opaque.status == 0, "\(opaque.stderr)")

            let got = try await Self.sesame(["vault", "get", "coze-cn", "--vault", vault], environment: Self.environment())
            #expect(got.status == 0)
            #expect(got.stdout == pem)
            let listed = try await Self.sesame(["vault", "list", "--vault", vault], environment: Self.environment())
            let lines = listed.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(lines.map { $0[0] } == ["coze-cn", "token"])
            #expect(lines.map { $0[1] } == ["pem", "opaque"])
            #expect(lines.map { $0[2] } == ["\(pem.utf8.count)", "24"])
            #expect(lines.allSatisfy { $0[3].hasSuffix("Z") })
            #expect(!listed.stdout.contains("BEGIN"))

            #expect(try await Self.sesame(["vault", "remove", "token", "--vault", vault], environment: Self.environment()).status == 0)
            let verified = try await Self.sesame(["vault", "verify", "--vault", vault], environment: Self.environment())
            #expect(verified.status == 0)
            #expect(verified.stdout.contains("generation: 4\n"))
            #expect(verified.stdout.contains("kdf: argon2id ops=2 mem=64 MiB (interactive)\n"))
            #expect(verified.stdout.contains("entries: 1 (1 pem key)\n"))
            #expect(verified.stdout.contains("backup: generation 3, ok\n"))
            let structural = try await Self.sesame(["vault", "verify", "--no-unlock", "--vault", vault])
            #expect(structural.status == 0)
            #expect(structural.stdout.contains("entries: not checked"))
        }
    }

    @Test("failures: one line on stderr, exit 1, empty stdout")
    func failures() async throws {
        try await withTemporaryFolder { directory in
            let vault = directory.file("vault")
            let missing = try await Self.sesame(["vault", "list", "--vault", vault], environment: Self.environment())
            Self.expectFailure(missing, "vault \(vault) does not exist; create it: sesame vault init --vault \(vault)")
            #expect(try await Self.sesame(["vault", "init", "--vault", vault, "--kdf", "interactive"], environment: Self.environment()).status == 0)
            Self.expectFailure(try await Self.sesame(["vault", "init", "--vault", vault, "--kdf", "interactive"], environment: Self.environment()))
            Self.expectFailure(try await Self.sesame(["vault", "get", "nope", "--vault", vault], environment: Self.environment()),
                               "no entry \"nope\" in vault \(vault); list them: sesame vault list --vault \(vault)")
            Self.expectFailure(try await Self.sesame(["vault", "list", "--vault", vault], environment: Self.environment(TestSecrets.wrongPassphrase)),
                               "wrong passphrase for vault \(vault)")
            Self.expectFailure(try await Self.sesame(["vault", "list", "--vault", vault], environment: Self.environment(nil)),
                               "no passphrase for vault \(vault): set SESAME_VAULT_PASSPHRASE_FILE or SESAME_VAULT_PASSPHRASE, or run in a terminal")
            Self.expectFailure(try await Self.sesame(["vault", "put", "bad name", "--vault", vault], environment: Self.environment(), stdin: Array("x".utf8)))
            Self.expectFailure(try await Self.sesame(["vault", "put", "empty", "--vault", vault, "--kind", "opaque"], environment: Self.environment(), stdin: []))
            Self.expectFailure(try await Self.sesame(["vault", "put", "k", "--vault", vault], environment: Self.environment(), stdin: Array("not a key".utf8)))
            Self.expectFailure(try await Self.sesame(["vault", "put", "k", "--vault", vault, "--from-file", directory.file("absent")], environment: Self.environment()))
            try directory.write(try directory.read("vault"), to: "vault", mode: 0o644)
            Self.expectFailure(try await Self.sesame(["vault", "list", "--vault", vault], environment: Self.environment()),
                               "vault \(vault) has mode 0644 (group/others can access it); fix: chmod 600 \(vault)")
            let allowed = try await Self.sesame(["vault", "list", "--vault", vault], environment: Self.environment(TestSecrets.passphrase, ["SESAME_VAULT_ALLOW_INSECURE": "1"]))
            #expect(allowed.status == 0)
            #expect(allowed.stderr.hasPrefix("sesame: warning: vault \(vault) has mode 0644"))
        }
    }

    @Test("passwd with SESAME_VAULT_NEW_PASSPHRASE or --new-passphrase-file; --rotate-key")
    func passwd() async throws {
        try await withTemporaryFolder { directory in
            let vault = directory.file("vault")
            #expect(try await Self.sesame(["vault", "init", "--vault", vault, "--kdf", "interactive"], environment: Self.environment()).status == 0)
            #expect(try await Self.sesame(["vault", "put", "a", "--kind", "opaque", "--vault", vault], environment: Self.environment(), stdin: Array("value-a".utf8)).status == 0)
            let changed = try await Self.sesame(["vault", "passwd", "--vault", vault], environment: Self.environment(TestSecrets.passphrase, ["SESAME_VAULT_NEW_PASSPHRASE": TestSecrets.newPassphrase]))
            #expect(changed.status == 0, "\(changed.stderr)")
            Self.expectFailure(try await Self.sesame(["vault", "list", "--vault", vault], environment: Self.environment()))
            let file = try directory.write("third-passphrase-123\n", to: "new-passphrase")
            let rotated = try await Self.sesame(["vault", "passwd", "--rotate-key", "--kdf", "interactive", "--new-passphrase-file", file, "--vault", vault], environment: Self.environment(TestSecrets.newPassphrase))
            #expect(rotated.status == 0, "\(rotated.stderr)")
            let got = try await Self.sesame(["vault", "get", "a", "--vault", vault], environment: Self.environment("third-passphrase-123"))
            #expect(got.stdout == "value-a")
        }
    }

    @Test("the default vault is $SESAME_VAULT, else ~/.config/sesame/vault (folders created 0700)")
    func defaultPath() async throws {
        try await withTemporaryFolder { directory in
            let home = directory.file("home")
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: false)
            let created = try await Self.sesame(["vault", "init", "--kdf", "interactive"], environment: Self.environment(TestSecrets.passphrase, ["HOME": home]))
            #expect(created.status == 0, "\(created.stderr)")
            #expect(try TemporaryFolder.mode(of: home + "/.config/sesame/vault") == 0o600)
            #expect(try TemporaryFolder.mode(of: home + "/.config/sesame") == 0o700)
            let named = directory.file("named.vault")
            #expect(try await Self.sesame(["vault", "init", "--kdf", "interactive"], environment: Self.environment(TestSecrets.passphrase, ["HOME": home, "SESAME_VAULT": named])).status == 0)
            #expect(directory.exists("named.vault"))
        }
    }

    @Test("get refuses a terminal stdout without --force")
    func getRefusesTerminal() async throws {
        try await withTemporaryFolder { directory in
            let vault = directory.file("vault")
            #expect(try await Self.sesame(["vault", "init", "--vault", vault, "--kdf", "interactive"], environment: Self.environment()).status == 0)
            #expect(try await Self.sesame(["vault", "put", "a", "--kind", "opaque", "--vault", vault], environment: Self.environment(), stdin: Array("opaque-secret-value-1234".utf8)).status == 0)
            let binary = try SesameBinary.built.checkedPath()
            let refused = try await ScriptedTerminal.run("'\(binary)' vault get a --vault '\(vault)'", environment: Self.environment())
            #expect(refused.status == 1)
            #expect(refused.shown.contains("sesame: refusing to print the secret a to a terminal"))
            #expect(!refused.shown.contains("opaque-secret-value-1234"))
            let forced = try await ScriptedTerminal.run("'\(binary)' vault get a --force --vault '\(vault)'", environment: Self.environment())
            #expect(forced.status == 0)
            #expect(forced.shown.contains("opaque-secret-value-1234"))
        }
    }

    @Test("the terminal prompt: typed without echo, prompt on the terminal, stdout only the result")
    func prompt() async throws {
        try await withTemporaryFolder { directory in
            let vault = directory.file("vault")
            #expect(try await Self.sesame(["vault", "init", "--vault", vault, "--kdf", "interactive"], environment: Self.environment()).status == 0)
            #expect(try await Self.sesame(["vault", "put", "a", "--kind", "opaque", "--vault", vault], environment: Self.environment(), stdin: Array("value-a".utf8)).status == 0)
            let listing = directory.file("listing.txt")
            let session = try await ScriptedTerminal.run(
                "'\(try SesameBinary.built.checkedPath())' vault list --vault '\(vault)' > '\(listing)'", environment: [:],
                answers: [("Passphrase for vault \(vault): ", TestSecrets.passphrase)]
            )
            #expect(session.status == 0, "\(session.shown)")
            #expect(session.shown.contains("Passphrase for vault \(vault): "))
            #expect(!session.shown.contains(TestSecrets.passphrase))
            let stdout = try directory.text("listing.txt")
            #expect(stdout.hasPrefix("a  opaque"))
            #expect(!stdout.contains("Passphrase"))
        }
    }

    @Test("init on a terminal asks twice; different answers are passphraseMismatch")
    func promptTwice() async throws {
        try await withTemporaryFolder { directory in
            let vault = directory.file("vault")
            let session = try await ScriptedTerminal.run(
                "'\(try SesameBinary.built.checkedPath())' vault init --kdf interactive --vault '\(vault)'", environment: [:],
                answers: [("Passphrase for vault \(vault): ", "first-passphrase"), ("Repeat the passphrase: ", "second-passphrase")]
            )
            #expect(session.status == 1)
            #expect(session.shown.contains("Repeat the passphrase: "))
            #expect(session.shown.contains("sesame: the two passphrases for vault \(vault) differ"))
            #expect(!session.shown.contains("first-passphrase") && !session.shown.contains("second-passphrase"))
            #expect(!directory.exists("vault"))
        }
    }

    @Test("without a terminal (setsid, stdin /dev/null), no passphrase fails at once")
    func noTerminal() async throws {
        try await withTemporaryFolder { directory in
            let vault = directory.file("vault")
            #expect(try await Self.sesame(["vault", "init", "--vault", vault, "--kdf", "interactive"], environment: Self.environment()).status == 0)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["-w", try SesameBinary.built.checkedPath(), "vault", "list", "--vault", vault]
            process.environment = SesameBinary.environment(adding: [:], removing: ["SESAME_*"])
            process.standardInput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.runIsolated()
            let stderr = await offPool { errors.fileHandleForReading.readDataToEndOfFile() }
            await offPool { process.waitUntilExit() }
            #expect(process.terminationStatus == 1)
            #expect(String(decoding: stderr, as: UTF8.self).hasPrefix("sesame: no passphrase for vault"))
        }
    }

    static var terminalEnvironment: [String: String] {
        SesameBinary.environment(adding: ["TERM": "dumb"], removing: ["SESAME_*"])
    }

    @Test("on a terminal: the prompt is shown, echo is off while typing, the typed passphrase never appears")
    func terminalPrompt() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let terminal = try PseudoTerminal(try SesameBinary.built.checkedPath(), ["vault", "list", "--vault", fixture.path], environment: Self.terminalEnvironment)
            let shown = await offPool { () -> (Bool, Bool, String, Int32) in
                let prompted = terminal.waitFor("Passphrase for vault \(fixture.path): ")
                let echoOff = !terminal.echoes
                terminal.type(TestSecrets.passphrase + "\n")
                let output = terminal.output(drain: true)
                return (prompted, echoOff, output, terminal.wait())
            }
            #expect(shown.0)
            #expect(shown.1)
            #expect(shown.2.contains("a  opaque"))
            #expect(!shown.2.contains(TestSecrets.passphrase))
            #expect(shown.3 == 0)
        }
    }

    @Test("SIGTERM during the prompt restores echo before the process dies")
    func terminalRestoredOnSignal() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let terminal = try PseudoTerminal(try SesameBinary.built.checkedPath(), ["vault", "list", "--vault", fixture.path], environment: Self.terminalEnvironment)
            let result = await offPool { () -> (Bool, Bool, Bool, Int32) in
                let prompted = terminal.waitFor("Passphrase for vault \(fixture.path): ")
                let echoOff = !terminal.echoes
                kill(terminal.pid, SIGTERM)
                let status = terminal.wait()
                return (prompted, echoOff, terminal.echoes, status)
            }
            #expect(result.0)
            #expect(result.1)
            #expect(result.2)
            // Killed by SIGTERM (default action after the terminal was restored).
            #expect(result.3 & 0x7F == SIGTERM)
        }
    }
}
