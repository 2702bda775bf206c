import Foundation
import Sesame
@testable import SesameVault
import Testing

@Suite("Vault: file permissions")
struct VaultPermissionTests {
    @Test("a vault readable or writable by group or others is refused", arguments: [0o644, 0o640, 0o660, 0o604, 0o602, 0o620] as [mode_t])
    func insecureModes(mode: mode_t) async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            try fixture.overwrite(with: try fixture.bytes(), mode: mode)
            let before = fixture.counter.count
            let error = vaultError { _ = try fixture.vault().entries() }
            #expect(error?.code == .insecurePermissions)
            let octal = "0" + String(mode, radix: 8)
            #expect(error?.message == "vault \(fixture.path) has mode \(octal) (group/others can access it); fix: chmod 600 \(fixture.path)")
            #expect(fixture.counter.count == before)
        }
    }

    @Test("mode 0600 (and 0400) is accepted")
    func secureModes() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            #expect(try fixture.vault().entries().count == 1)
            try fixture.overwrite(with: try fixture.bytes(), mode: 0o400)
            #expect(try fixture.vault().entries().count == 1)
        }
    }

    @Test("allowInsecurePermissions downgrades the refusal to a warning; the library ignores SESAME_VAULT_ALLOW_INSECURE (the CLI reads it)")
    func allowInsecure() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            try fixture.overwrite(with: try fixture.bytes(), mode: 0o644)
            let passphrase = PassphraseResolver(environment: .fixed([
                PassphraseResolver.defaultVariable: TestSecrets.passphrase, "SESAME_VAULT_ALLOW_INSECURE": "1",
            ]))
            let configuration = VaultConfiguration(passphrase: passphrase, allowInsecurePermissions: true, keyDerivation: fixture.counter.derivation)
            #expect(configuration.allowInsecurePermissions)
            #expect(try Vault(path: fixture.path, configuration: configuration).entries().count == 1)
            let strict = VaultConfiguration(passphrase: passphrase, keyDerivation: fixture.counter.derivation)
            #expect(vaultError { _ = try Vault(path: fixture.path, configuration: strict).entries() }?.code == .insecurePermissions)
        }
    }

    @Test("a vault owned by another user is refused with the chown that fixes it (root only: chown to nobody)")
    func foreignOwner() async throws {
        guard geteuid() == 0 else {
            withKnownIssue("NOT TESTED HERE: a vault owned by another user; chown(2) to nobody needs root (uid \(geteuid()))") {
                Issue.record("not root")
            }
            return
        }
        try await withVault { fixture in
            try fixture.createdWithEntry()
            #expect(chown(fixture.path, 65_534, 65_534) == 0)
            let error = vaultError { _ = try fixture.vault().entries() }
            #expect(error?.code == .insecurePermissions)
            #expect(error?.message == "vault \(fixture.path) is owned by uid 65534, not by you (uid 0); fix: chown 0 \(fixture.path)")
        }
    }

    @Test("a symlinked vault stays a symlink; the real file is replaced")
    func symlinkSurvives() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let link = fixture.directory.file("link")
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fixture.path)
            let vault = Vault(path: link, configuration: fixture.configuration())
            try vault.put("through-the-link".secret, named: "b", kind: .opaque)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == fixture.path)
            #expect(try fixture.vault().entries().map(\.name) == ["a", "b"])
        }
    }
}
