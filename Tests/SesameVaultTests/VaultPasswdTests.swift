import Foundation
import Sesame
import SesameTestSupport
@testable import SesameVault
import Testing

@Suite("Vault: passwd rewraps the data key; --rotate-key replaces it")
struct VaultPasswdTests {
    static func newSource(_ passphrase: String = TestSecrets.newPassphrase) -> PassphraseResolver {
        .newPassphrase(file: nil, environment: .fixed([PassphraseResolver.newPassphraseVariable: passphrase]))
    }

    @Test("passwd keeps the body byte-identical; the old passphrase fails on NAME and .bak; the new opens both")
    func rewrap() async throws {
        try await withVault { fixture in
            let vault = try fixture.createdWithEntry()
            try vault.put("second-value".secret, named: "b", kind: .opaque)
            let before = try fixture.bytes()
            let backupBefore = try fixture.backupBytes()

            try vault.changePassphrase(newPassphrase: Self.newSource())

            let after = try fixture.bytes()
            let backupAfter = try fixture.backupBytes()
            #expect(after.count == before.count)
            #expect(after[VaultHeader.length...] == before[VaultHeader.length...])
            #expect(after[0..<VaultHeader.Offset.kdfID] == before[0..<VaultHeader.Offset.kdfID])
            #expect(after[VaultHeader.Offset.salt..<VaultHeader.Offset.checksum] != before[VaultHeader.Offset.salt..<VaultHeader.Offset.checksum])
            #expect(backupAfter[VaultHeader.length...] == backupBefore[VaultHeader.length...])
            #expect(try TemporaryFolder.mode(of: fixture.backup) == 0o600)

            let old = fixture.vault()
            let oldBackup = Vault(path: fixture.backup, configuration: fixture.configuration())
            #expect(vaultError { _ = try old.entries() }?.code == .wrongPassphrase)
            #expect(vaultError { _ = try oldBackup.entries() }?.code == .wrongPassphrase)
            let new = fixture.vault(passphrase: TestSecrets.newPassphrase)
            let newBackup = Vault(path: fixture.backup, configuration: fixture.configuration(passphrase: TestSecrets.newPassphrase))
            #expect(try new.entries().map(\.name) == ["a", "b"])
            #expect(try newBackup.entries().map(\.name) == ["a"])
            #expect(try new.report().generation == 3)
            #expect(try fixture.temporaries().isEmpty)
        }
    }

    @Test("passwd --kdf changes the stored parameters")
    func changesLevel() async throws {
        try await withVault { fixture in
            let vault = try fixture.createdWithEntry()
            try vault.changePassphrase(newPassphrase: Self.newSource(), kdf: .moderate)
            let report = try fixture.vault(passphrase: TestSecrets.newPassphrase).report(unlock: false)
            #expect(report.kdf == KDFLevel.moderate.parameters)
        }
    }

    @Test("--rotate-key re-encrypts NAME and .bak under a new data key")
    func rotateKey() async throws {
        try await withVault { fixture in
            let vault = try fixture.createdWithEntry()
            let old = try vault.open()
            let before = try fixture.bytes()
            let backupBefore = try fixture.backupBytes()

            try vault.changePassphrase(newPassphrase: Self.newSource(), rotateKey: true)

            let after = try fixture.bytes()
            let backupAfter = try fixture.backupBytes()
            #expect(after[VaultHeader.length...] != before[VaultHeader.length...])
            #expect(backupAfter[VaultHeader.length...] != backupBefore[VaultHeader.length...])
            let new = fixture.vault(passphrase: TestSecrets.newPassphrase)
            let opened = try new.open()
            #expect(!opened.dataKey.constantTimeEquals(old.dataKey))
            #expect(opened.image.header.generation == 3)
            #expect(try new.secret(named: "a").revealedForTest == "opaque-secret-value-1234")
            // The old data key opens neither file any more.
            let image = try VaultFile.read(VaultPaths(fixture.path), allowInsecure: false, logger: .init(label: "t"))
            #expect(try Vault.openBody(image, key: old.dataKey, path: "t") == nil)
            let backupImage = try VaultFile.read(VaultPaths(fixture.backup), allowInsecure: false, logger: .init(label: "t"))
            #expect(try Vault.openBody(backupImage, key: old.dataKey, path: "t") == nil)
            #expect(try Vault(path: fixture.backup, configuration: fixture.configuration(passphrase: TestSecrets.newPassphrase)).entries().isEmpty)
        }
    }

    @Test("a new passphrase shorter than 8 bytes, empty, or missing is refused and nothing changes")
    func newPassphraseChecks() async throws {
        try await withVault { fixture in
            let vault = try fixture.createdWithEntry()
            let before = try fixture.bytes()
            #expect(vaultError { try vault.changePassphrase(newPassphrase: Self.newSource("short")) }?.code == .passphraseTooShort)
            #expect(vaultError { try vault.changePassphrase(newPassphrase: Self.newSource("")) }?.code == .emptyPassphrase)
            let none = PassphraseResolver.newPassphrase(file: nil, environment: .fixed([:]))
            let missing = vaultError { try vault.changePassphrase(newPassphrase: none) }
            #expect(missing?.code == .noPassphrase)
            #expect(missing?.message.contains("--new-passphrase-file") == true)
            #expect(try fixture.bytes() == before)
        }
    }

    @Test("init refuses a passphrase shorter than 8 bytes")
    func initShortPassphrase() async throws {
        try await withVault { fixture in
            let error = vaultError { try fixture.vault(passphrase: "1234567").create(kdf: .interactive) }
            #expect(error?.code == .passphraseTooShort)
            #expect(!fixture.directory.exists(fixture.name))
        }
    }

    @Test("verify rewraps a backup left with the old wrap by an interrupted passwd")
    func verifyFinishesInterruptedPasswd() async throws {
        try await withVault { fixture in
            let vault = try fixture.createdWithEntry()
            let staleBackup = try fixture.backupBytes()
            try vault.changePassphrase(newPassphrase: Self.newSource())
            // Simulate a crash between renaming NAME and rewriting .bak.
            try fixture.directory.write(staleBackup, to: fixture.backupName)
            let oldBackup = Vault(path: fixture.backup, configuration: fixture.configuration())
            #expect(try oldBackup.entries().isEmpty)

            let report = try fixture.vault(passphrase: TestSecrets.newPassphrase).report()
            #expect(report.backup == .repaired)
            #expect(vaultError { _ = try oldBackup.entries() }?.code == .wrongPassphrase)
            #expect(try fixture.vault(passphrase: TestSecrets.newPassphrase).report().backup == .verified(generation: 1))
        }
    }
}
