import Foundation
import Sesame
import SesameTestSupport
@testable import SesameVault
import Testing

@Suite("Vault across processes: locking, concurrency, no terminal, umask")
struct VaultProcessTests {
    static let environment = [PassphraseResolver.defaultVariable: TestSecrets.passphrase]

    @Test("a child holding the lock makes a writer fail with locked and the child's pid; readers still succeed")
    func lockedByChild() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let before = try fixture.bytes()
            let holder = try HelperProcess.start("hold-lock", vault: fixture.path, environment: Self.environment)
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
                        // Each put waits for the others' (each unlocks the vault with Argon2id): on a loaded
                        // machine eight in a row outlast the default 10 s lock wait, which is not what this tests.
                        try await HelperProcess.run(
                            "put", vault: fixture.path, ["--name", "p\(index)", "--value", "value-\(index)", "--lock-timeout-ms", "120000"],
                            environment: Self.environment
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for output in outputs {
                #expect(output.status == 0, "\(output.lines)")
            }
            let vault = fixture.vault()
            #expect(try vault.entries().map(\.name) == (0..<8).map { "p\($0)" })
            #expect(try vault.report().generation == 9)
            #expect(try vault.secret(named: "p5").revealedForTest == "value-5")
        }
    }

    @Test("a program using the library without a terminal (setsid, stdin /dev/null) and no passphrase gets noPassphrase at once, naming what to set")
    func noTerminal() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let output = try await HelperProcess.run("list", vault: fixture.path, environment: [:], detached: true)
            #expect(output.status == 1)
            #expect(output.lines == ["HELPER-ERROR noPassphrase no passphrase for vault \(fixture.path): set SESAME_VAULT_PASSPHRASE or configure a passphrase file"])
        }
    }

    @Test("files and folders are created 0600/0700 under umask 000 (in a child, umask is per process)")
    func createdUnderUmask() async throws {
        try await withVault { fixture in
            let path = fixture.directory.file("deep/er/vault")
            let output = try await HelperProcess.run("umask-create", vault: path, environment: Self.environment)
            #expect(output.lines == ["HELPER-OK"])
            #expect(try TemporaryFolder.mode(of: path) == 0o600)
            #expect(try TemporaryFolder.mode(of: path + ".bak") == 0o600)
            #expect(try TemporaryFolder.mode(of: path + ".lock") == 0o600)
            #expect(try TemporaryFolder.mode(of: fixture.directory.file("deep")) == 0o700)
            #expect(try TemporaryFolder.mode(of: fixture.directory.file("deep/er")) == 0o700)
        }
    }
}
