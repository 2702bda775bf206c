import Foundation
import SesameTestSupport
import Sesame
@testable import SesameVault
import Testing

@Suite("Vault: a crash at any write step leaves a whole old or new vault")
struct VaultCrashTests {
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        [PassphraseResolver.defaultVariable: TestSecrets.passphrase].merging(extra) { $1 }
    }

    static let putSteps: [VaultWriteStep] = [
        .temporaryCreated, .temporaryWritten, .temporarySynced, .backupLinked, .backupRenamed, .renamed, .directorySynced,
    ]

    @Test("put killed at each step: NAME is generation 2 or 3, .bak opens, the next write cleans up", arguments: putSteps)
    func putCrash(step: VaultWriteStep) async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let output = try await HelperProcess.run(
                "put", vault: fixture.path, ["--name", "b", "--value", "value-b", "--crash-at", step.rawValue], environment: Self.environment()
            )
            #expect(output.status == 137, "\(output.lines)")
            let committed = [.renamed, .directorySynced].contains(step)
            let vault = fixture.vault()
            let report = try vault.report()
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
            let output = try await HelperProcess.run("init", vault: fixture.path, ["--crash-at", "linked"], environment: Self.environment())
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
            let output = try await HelperProcess.run(
                "passwd", vault: fixture.path, ["--crash-at", step],
                environment: Self.environment([PassphraseResolver.newPassphraseVariable: TestSecrets.newPassphrase])
            )
            #expect(output.status == 137)
            let new = fixture.vault(passphrase: TestSecrets.newPassphrase)
            #expect(try new.entries().map(\.name) == ["a"])
            let oldBackup = Vault(path: fixture.backup, configuration: fixture.configuration())
            #expect(try oldBackup.entries().isEmpty)
            #expect(try new.report().backup == .repaired)
            #expect(vaultError { _ = try oldBackup.entries() }?.code == .wrongPassphrase)
            #expect(try new.report().backup == .verified(generation: 1))
        }
    }

    @Test("passwd --rotate-key killed after NAME: verify replaces the old-key backup, so the old passphrase opens nothing")
    func rotateCrash() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let output = try await HelperProcess.run(
                "passwd", vault: fixture.path, ["--rotate", "--crash-at", "dir-synced"],
                environment: Self.environment([PassphraseResolver.newPassphraseVariable: TestSecrets.newPassphrase])
            )
            #expect(output.status == 137)
            let new = fixture.vault(passphrase: TestSecrets.newPassphrase)
            #expect(try new.report().backup == .replaced)
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
                let child = try HelperProcess.start("put-loop", vault: fixture.path, environment: Self.environment())
                #expect(await child.waitForLine("HELPER-LOOPING"))
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &generator)))
                kill(child.pid, SIGKILL)
                _ = await child.finish()
                let report = try fixture.vault().report()
                #expect(report.backup != .absent, "round \(round)")
                #expect(try fixture.vault().entries().map(\.name).allSatisfy { ["a", "k0", "k1", "k2", "k3"].contains($0) })
            }
            try fixture.vault().put("after-the-kills".secret, named: "z", kind: .opaque)
            #expect(try fixture.temporaries().isEmpty)
        }
    }

    @Test("system call order (strace): fsync(temp) < link/rename of the backup < rename(temp, NAME) < fsync(dir)")
    func syscallOrder() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let strace = "/usr/bin/strace"
            guard FileManager.default.isExecutableFile(atPath: strace) else {
                withKnownIssue("NOT TESTED HERE: the system call order of a write; \(strace) is not installed (apt-get install strace)") {
                    Issue.record("strace is missing")
                }
                return
            }
            let trace = fixture.directory.file("trace.txt")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: strace)
            process.arguments = ["-f", "-qq", "-o", trace, "-e", "trace=openat,fsync,link,linkat,rename,renameat,renameat2,close"]
                + [try HelperProcess.path()] + HelperProcess.arguments("put", vault: fixture.path, ["--name", "b", "--value", "value-b"])
            process.environment = SesameBinary.environment(adding: Self.environment(), removing: ["SESAME_*"])
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.runIsolated()
            async let out = offPool { output.fileHandleForReading.readDataToEndOfFile() }
            async let err = offPool { errors.fileHandleForReading.readDataToEndOfFile() }
            let (stdout, stderr) = await (out, err)
            await offPool { process.waitUntilExit() }
            let complaint = String(decoding: stderr, as: UTF8.self)
            if process.terminationStatus != 0, complaint.contains("ptrace") || complaint.contains("Operation not permitted") {
                // ptrace(2) is forbidden in some sandboxes; the crash tests above still cover every state.
                let reason = complaint.split(separator: "\n").first.map(String.init) ?? ""
                withKnownIssue("NOT TESTED HERE: the system call order of a write; strace cannot trace in this sandbox (\(reason))") {
                    Issue.record("ptrace refused")
                }
                return
            }
            try #require(process.terminationStatus == 0, "strace or the helper failed: \(String(decoding: stdout, as: UTF8.self)) \(complaint)")
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
