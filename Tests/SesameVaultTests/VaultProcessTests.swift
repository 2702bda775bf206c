import Foundation
import Sesame
@testable import SesameVault
import Testing

@Suite("Vault across processes: locking, concurrency, no terminal, umask")
struct VaultProcessTests {
    static func environment(_ fixture: VaultFixture, _ extra: [String: String] = [:]) -> [String: String] {
        ["HELPER_VAULT": fixture.path, PassphraseResolver.defaultVariable: TestSecrets.passphrase].merging(extra) { $1 }
    }

    @Test("a child holding the lock makes a writer fail with locked and the child's pid; readers still succeed")
    func lockedByChild() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let before = try fixture.bytes()
            let holder = try HelperProcess.start("hold-lock", environment: Self.environment(fixture))
            let locked = await holder.waitForLine("HELPER-LOCKED")
            #expect(locked)
            let error = vaultError { try fixture.vault(lockTimeout: .milliseconds(500)).put("value-2".secret, named: "b", kind: .opaque) }
            #expect(error?.code == .locked)
            #expect(error?.message == "vault \(fixture.path) is locked by another writer (pid \(holder.pid)); gave up after 0.5 s")
            #expect(try fixture.vault().entries().map(\.name) == ["a"])
            #expect(try fixture.bytes() == before)
            let output = await holder.finish()
            #expect(output.status == 0)
            try fixture.vault(lockTimeout: .milliseconds(500)).put("value-2".secret, named: "b", kind: .opaque)
        }
    }

    @Test("8 concurrent puts from 8 processes give 8 entries at generation 9")
    func concurrentPuts() async throws {
        try await withVault { fixture in
            try fixture.created()
            let outputs = try await withThrowingTaskGroup(of: HelperProcess.Output.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await HelperProcess.run("put", environment: Self.environment(fixture, ["HELPER_NAME": "p\(index)", "HELPER_VALUE": "value-\(index)"]))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for output in outputs {
                #expect(output.status == 0, "\(output.lines)")
            }
            let vault = fixture.vault()
            #expect(try vault.entries().map(\.name) == (0..<8).map { "p\($0)" })
            #expect(try vault.verify().generation == 9)
            #expect(try vault.secret(named: "p5").revealedForTest == "value-5")
        }
    }

    @Test("without a terminal (setsid, stdin /dev/null) and no passphrase, noPassphrase comes at once")
    func noTerminal() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let output = try await HelperProcess.run("list", environment: ["HELPER_VAULT": fixture.path], detached: true)
            #expect(output.status == 1)
            #expect(output.lines == ["HELPER-ERROR noPassphrase no passphrase for vault \(fixture.path): set SESAME_VAULT_PASSPHRASE_FILE or SESAME_VAULT_PASSPHRASE, or run in a terminal"])
        }
    }

    @Test("files and folders are created 0600/0700 under umask 000 (in a child, umask is per process)")
    func createdUnderUmask() async throws {
        try await withVault { fixture in
            let path = fixture.directory.file("deep/er/vault")
            let output = try await HelperProcess.run("umask-create", environment: [
                "HELPER_VAULT": path, PassphraseResolver.defaultVariable: TestSecrets.passphrase,
            ])
            #expect(output.lines == ["HELPER-OK"])
            #expect(try TestDirectory.mode(of: path) == 0o600)
            #expect(try TestDirectory.mode(of: path + ".bak") == 0o600)
            #expect(try TestDirectory.mode(of: path + ".lock") == 0o600)
            #expect(try TestDirectory.mode(of: fixture.directory.file("deep")) == 0o700)
            #expect(try TestDirectory.mode(of: fixture.directory.file("deep/er")) == 0o700)
        }
    }

    static func terminalEnvironment(_ fixture: VaultFixture) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SESAME_") }
        environment[HelperProcess.modeVariable] = "list"
        environment["HELPER_VAULT"] = fixture.path
        environment["TERM"] = "dumb"
        return environment
    }

    static let helperArguments = ["--testing-library", "swift-testing", "--filter", "VaultHelperEntry"]

    @Test("on a terminal: the prompt is shown, echo is off while typing, the typed passphrase never appears")
    func terminalPrompt() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let terminal = try PseudoTerminal(CommandLine.arguments[0], Self.helperArguments, environment: Self.terminalEnvironment(fixture))
            let shown = await Task.detached { () -> (Bool, Bool, String, Int32) in
                let prompted = terminal.waitFor("Passphrase for vault \(fixture.path): ")
                let echoOff = !terminal.echoes
                terminal.type(TestSecrets.passphrase + "\n")
                let output = terminal.output(drain: true)
                return (prompted, echoOff, output, terminal.wait())
            }.value
            #expect(shown.0)
            #expect(shown.1)
            #expect(shown.2.contains("HELPER-NAMES a"))
            #expect(!shown.2.contains(TestSecrets.passphrase))
            #expect(shown.3 == 0)
        }
    }

    @Test("SIGTERM during the prompt restores echo before the process dies")
    func terminalRestoredOnSignal() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let terminal = try PseudoTerminal(CommandLine.arguments[0], Self.helperArguments, environment: Self.terminalEnvironment(fixture))
            let result = await Task.detached { () -> (Bool, Bool, Bool, Int32) in
                let prompted = terminal.waitFor("Passphrase for vault \(fixture.path): ")
                let echoOff = !terminal.echoes
                kill(terminal.pid, SIGTERM)
                let status = terminal.wait()
                return (prompted, echoOff, terminal.echoes, status)
            }.value
            #expect(result.0)
            #expect(result.1)
            #expect(result.2)
            // Killed by SIGTERM (default action after the terminal was restored).
            #expect(result.3 & 0x7F == SIGTERM)
        }
    }
}
