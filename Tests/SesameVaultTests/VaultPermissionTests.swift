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
            try TestDirectory.write(try fixture.bytes(), to: fixture.path, mode: mode)
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
            try TestDirectory.write(try fixture.bytes(), to: fixture.path, mode: 0o400)
            #expect(try fixture.vault().entries().count == 1)
        }
    }

    @Test("SESAME_VAULT_ALLOW_INSECURE=1 downgrades the refusal to a warning")
    func allowInsecure() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            try TestDirectory.write(try fixture.bytes(), to: fixture.path, mode: 0o644)
            let configuration = VaultConfiguration(
                passphrase: PassphraseResolver(environment: .fixed([
                    PassphraseResolver.defaultVariable: TestSecrets.passphrase, "SESAME_VAULT_ALLOW_INSECURE": "1",
                ]), terminal: nil),
                keyDerivation: fixture.counter.derivation
            )
            #expect(configuration.allowInsecurePermissions)
            #expect(try Vault(path: fixture.path, configuration: configuration).entries().count == 1)
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
