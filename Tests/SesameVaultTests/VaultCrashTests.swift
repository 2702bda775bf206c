import Foundation
import Sesame
@testable import SesameVault
import Testing

@Suite("Vault: a crash at any write step leaves a whole old or new vault")
struct VaultCrashTests {
    static func environment(_ fixture: VaultFixture, _ extra: [String: String]) -> [String: String] {
        ["HELPER_VAULT": fixture.path, PassphraseResolver.defaultVariable: TestSecrets.passphrase].merging(extra) { $1 }
    }

    static let putSteps: [VaultWriteStep] = [
        .temporaryCreated, .temporaryWritten, .temporarySynced, .backupLinked, .backupRenamed, .renamed, .directorySynced,
    ]

    @Test("put killed at each step: NAME is generation 2 or 3, .bak opens, the next write cleans up", arguments: putSteps)
    func putCrash(step: VaultWriteStep) async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let output = try await HelperProcess.run("put", environment: Self.environment(fixture, [
                "HELPER_NAME": "b", "HELPER_VALUE": "value-b", "SESAME_VAULT_TEST_CRASH_AT": step.rawValue,
            ]))
            #expect(output.status == 137, "\(output.lines)")
            let committed = [.renamed, .directorySynced].contains(step)
            let vault = fixture.vault()
            let report = try vault.verify()
            #expect(report.generation == (committed ? 3 : 2))
            #expect(try vault.entries().map(\.name) == (committed ? ["a", "b"] : ["a"]))
            let backupMoved = [.backupRenamed, .renamed, .directorySynced].contains(step)
            #expect(report.backup == .verified(generation: backupMoved ? 2 : 1))
            if step != .directorySynced && step != .renamed {
                let entries = try fixture.directory.entries()
                #expect(try !fixture.temporaries().isEmpty, "\(entries)")
            }
            try vault.put("value-c".secret, named: "c", kind: .opaque)
            let after = try fixture.directory.entries()
            #expect(try fixture.temporaries().isEmpty, "\(after)")
            #expect(try vault.entries().map(\.name) == (committed ? ["a", "b", "c"] : ["a", "c"]))
        }
    }

    @Test("init killed after linking: the vault is whole; the next write removes the temporary file")
    func initCrash() async throws {
        try await withVault { fixture in
            let output = try await HelperProcess.run("init", environment: Self.environment(fixture, ["SESAME_VAULT_TEST_CRASH_AT": "linked"]))
            #expect(output.status == 137)
            #expect(try fixture.temporaries().count == 1)
            let vault = fixture.vault()
            #expect(try vault.entries().isEmpty)
            try vault.put("value-a".secret, named: "a", kind: .opaque)
            #expect(try fixture.temporaries().isEmpty)
        }
    }

    @Test("passwd killed between NAME and .bak: NAME has the new passphrase; verify finishes the backup", arguments: [
        "renamed", "dir-synced", "bak-temp-created", "bak-temp-written", "bak-temp-synced",
    ])
    func passwdCrash(step: String) async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let output = try await HelperProcess.run("passwd", environment: Self.environment(fixture, [
                PassphraseResolver.newPassphraseVariable: TestSecrets.newPassphrase, "SESAME_VAULT_TEST_CRASH_AT": step,
            ]))
            #expect(output.status == 137)
            let new = fixture.vault(passphrase: TestSecrets.newPassphrase)
            #expect(try new.entries().map(\.name) == ["a"])
            let oldBackup = Vault(path: fixture.backup, configuration: fixture.configuration())
            #expect(try oldBackup.entries().isEmpty)
            #expect(try new.verify().backup == .repaired)
            #expect(vaultError { _ = try oldBackup.entries() }?.code == .wrongPassphrase)
            #expect(try new.verify().backup == .verified(generation: 1))
        }
    }

    @Test("passwd --rotate-key killed after NAME: verify replaces the old-key backup, so the old passphrase opens nothing")
    func rotateCrash() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let output = try await HelperProcess.run("passwd", environment: Self.environment(fixture, [
                PassphraseResolver.newPassphraseVariable: TestSecrets.newPassphrase, "HELPER_ROTATE": "1", "SESAME_VAULT_TEST_CRASH_AT": "dir-synced",
            ]))
            #expect(output.status == 137)
            let new = fixture.vault(passphrase: TestSecrets.newPassphrase)
            #expect(try new.verify().backup == .replaced)
            let oldBackup = Vault(path: fixture.backup, configuration: fixture.configuration())
            #expect(vaultError { _ = try oldBackup.entries() }?.code == .wrongPassphrase)
            #expect(try Vault(path: fixture.backup, configuration: fixture.configuration(passphrase: TestSecrets.newPassphrase)).entries().map(\.name) == ["a"])
        }
    }

    @Test("SIGKILL at random moments of a put loop never leaves a damaged vault")
    func randomKills() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            var generator = SplitMix64(seed: 0x5167)
            for round in 0..<12 {
                let child = try HelperProcess.start("put-loop", environment: Self.environment(fixture, [:]))
                #expect(await child.waitForLine("HELPER-LOOPING"))
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &generator)))
                kill(child.pid, SIGKILL)
                _ = await child.finish()
                let report = try fixture.vault().verify()
                #expect(report.backup != .absent, "round \(round)")
                #expect(try fixture.vault().entries().map(\.name).allSatisfy { ["a", "k0", "k1", "k2", "k3"].contains($0) })
            }
            try fixture.vault().put("after-the-kills".secret, named: "z", kind: .opaque)
            #expect(try fixture.temporaries().isEmpty)
        }
    }

    @Test("system call order (strace): fsync(temp) < link/rename of the backup < rename(temp, NAME) < fsync(dir)",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")))
    func syscallOrder() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let trace = fixture.directory.file("trace.txt")
            let binary = CommandLine.arguments[0]
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
            process.arguments = ["-f", "-qq", "-o", trace, "-e", "trace=openat,fsync,link,linkat,rename,renameat,renameat2,close",
                                 binary, "--testing-library", "swift-testing", "--filter", "VaultHelperEntry"]
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SESAME_") }
            environment.merge(Self.environment(fixture, [HelperProcess.modeVariable: "put", "HELPER_NAME": "b", "HELPER_VALUE": "value-b"])) { $1 }
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            await Task.detached { process.waitUntilExit() }.value
            guard process.terminationStatus == 0 else {
                // ptrace may be forbidden in some sandboxes; the crash tests still cover the states.
                withKnownIssue("strace could not trace the helper (status \(process.terminationStatus))") { Issue.record("strace failed") }
                return
            }
            let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
            let temporaryOpen = try #require(lines.firstIndex { $0.contains("openat(") && $0.contains("/.vault.tmp-") && $0.contains("O_CREAT") })
            let temporaryFD = try #require(lines[temporaryOpen].split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespaces) })
            let fsyncTemp = try #require(lines[temporaryOpen...].firstIndex { $0.contains("fsync(\(temporaryFD))") })
            let linkBackup = try #require(lines.firstIndex { $0.contains("link") && $0.contains("vault.bak.tmp") })
            let renameBackup = try #require(lines.firstIndex { $0.contains("rename") && $0.contains("vault.bak.tmp") })
            let renameVault = try #require(lines.firstIndex { $0.contains("rename") && $0.contains("/.vault.tmp-") })
            let directoryOpen = try #require(lines[renameVault...].firstIndex { $0.contains("openat(") && $0.contains("O_DIRECTORY") && $0.contains("\"\(fixture.directory.path)\"") })
            let directoryFD = try #require(lines[directoryOpen].split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespaces) })
            let fsyncDirectory = try #require(lines[directoryOpen...].firstIndex { $0.contains("fsync(\(directoryFD))") })
            #expect(fsyncTemp < linkBackup)
            #expect(linkBackup < renameBackup)
            #expect(renameBackup < renameVault)
            #expect(renameVault < fsyncDirectory)
        }
    }
}
