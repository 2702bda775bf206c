import Foundation
import Sesame
@testable import SesameVault
import Testing

@Suite("Passphrase sources, in the order of the spec")
struct PassphraseSourceTests {
    static let path = "/tmp/example-vault"

    @Test("the host closure wins over every other source")
    func closureFirst() throws {
        let resolver = PassphraseResolver(
            provider: { request in
                #expect(request.vaultPath == Self.path)
                return "from-the-closure".secret
            },
            file: "/nonexistent", environment: .fixed([PassphraseResolver.defaultVariable: "from-env"]), terminal: nil
        )
        #expect(try resolver.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "from-the-closure")
    }

    @Test("a closure's own error becomes noPassphrase without its text")
    func closureError() throws {
        struct Leaky: Error, CustomStringConvertible { var description: String { TestSecrets.passphrase } }
        let resolver = PassphraseResolver(provider: { _ in throw Leaky() }, terminal: nil)
        let error = vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }
        #expect(error?.code == .noPassphrase)
        #expect(error?.message.contains(TestSecrets.passphrase) == false)
    }

    @Test("a passphrase file (0600) is read and one trailing newline stripped", arguments: ["pass-phrase\n", "pass-phrase\r\n", "pass-phrase"])
    func file(contents: String) async throws {
        try await withTestDirectory { directory in
            let file = directory.file("passphrase")
            try TestDirectory.write(Array(contents.utf8), to: file)
            let viaVariable = PassphraseResolver(environment: .fixed([PassphraseResolver.defaultFileVariable: file]), terminal: nil)
            #expect(try viaVariable.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "pass-phrase")
            let explicit = PassphraseResolver(file: file, environment: .fixed([:]), terminal: nil)
            #expect(try explicit.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "pass-phrase")
        }
    }

    @Test("only one newline is stripped; other bytes are kept as typed")
    func fileBytesAsTyped() async throws {
        try await withTestDirectory { directory in
            let file = directory.file("passphrase")
            try TestDirectory.write(Array(" spaced pass\n\n".utf8), to: file)
            let resolver = PassphraseResolver(file: file, environment: .fixed([:]), terminal: nil)
            #expect(try resolver.passphrase(for: Self.path, purpose: .unlock).revealedForTest == " spaced pass\n")
        }
    }

    @Test("a passphrase file readable by others is refused, even with SESAME_VAULT_ALLOW_INSECURE", arguments: [0o644, 0o640, 0o604] as [mode_t])
    func insecureFile(mode: mode_t) async throws {
        try await withTestDirectory { directory in
            let file = directory.file("passphrase")
            try TestDirectory.write(Array("pass-phrase".utf8), to: file, mode: mode)
            let resolver = PassphraseResolver(file: file, environment: .fixed(["SESAME_VAULT_ALLOW_INSECURE": "1"]), terminal: nil)
            let error = vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }
            #expect(error?.code == .insecurePermissions)
            #expect(error?.message.hasPrefix("passphrase file \(file) has mode 0") == true)
        }
    }

    @Test("a passphrase file over 1,024 bytes is refused; exactly 1,024 plus a newline is accepted")
    func fileLength() async throws {
        try await withTestDirectory { directory in
            let file = directory.file("passphrase")
            let resolver = PassphraseResolver(file: file, environment: .fixed([:]), terminal: nil)
            try TestDirectory.write(Array(repeating: UInt8(ascii: "p"), count: 1_024) + [0x0A], to: file)
            #expect(try resolver.passphrase(for: Self.path, purpose: .unlock).count == 1_024)
            try TestDirectory.write(Array(repeating: UInt8(ascii: "p"), count: 1_025), to: file)
            #expect(vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }?.code == .passphraseTooLong)
            try TestDirectory.write(Array(repeating: UInt8(ascii: "p"), count: 5_000), to: file)
            #expect(vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }?.code == .passphraseTooLong)
        }
    }

    @Test("an empty passphrase file or variable is emptyPassphrase")
    func empty() async throws {
        try await withTestDirectory { directory in
            let file = directory.file("passphrase")
            try TestDirectory.write(Array("\n".utf8), to: file)
            let fromFile = PassphraseResolver(file: file, environment: .fixed([:]), terminal: nil)
            #expect(vaultError { _ = try fromFile.passphrase(for: Self.path, purpose: .unlock) }?.code == .emptyPassphrase)
            let fromVariable = PassphraseResolver(environment: .fixed([PassphraseResolver.defaultVariable: ""]), terminal: nil)
            let error = vaultError { _ = try fromVariable.passphrase(for: Self.path, purpose: .unlock) }
            #expect(error?.code == .emptyPassphrase)
            #expect(error?.message.contains("$SESAME_VAULT_PASSPHRASE") == true)
        }
    }

    @Test("the variable named by passphraseEnv is read")
    func customVariable() throws {
        let resolver = PassphraseResolver(variable: "MY_VAULT_PASS", environment: .fixed(["MY_VAULT_PASS": "custom-pass", PassphraseResolver.defaultVariable: "x"]), terminal: nil)
        #expect(try resolver.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "custom-pass")
    }

    @Test("a file and the variable both set is passphraseConflict")
    func conflict() async throws {
        try await withTestDirectory { directory in
            let file = directory.file("passphrase")
            try TestDirectory.write(Array("pass-phrase".utf8), to: file)
            let resolver = PassphraseResolver(
                environment: .fixed([PassphraseResolver.defaultFileVariable: file, PassphraseResolver.defaultVariable: "pass-phrase"]), terminal: nil
            )
            let error = vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }
            #expect(error?.code == .passphraseConflict)
            #expect(error?.message.contains("SESAME_VAULT_PASSPHRASE_FILE") == true)
        }
    }

    @Test("no source at all is noPassphrase with the spec's message")
    func none() throws {
        let resolver = PassphraseResolver(environment: .fixed([:]), terminal: nil)
        let error = vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }
        #expect(error?.code == .noPassphrase)
        #expect(error?.message == "no passphrase for vault \(Self.path): set SESAME_VAULT_PASSPHRASE_FILE or SESAME_VAULT_PASSPHRASE, or run in a terminal")
    }

    @Test("a variable longer than 1,024 bytes is passphraseTooLong; a 1-byte passphrase unlocks, but is too short to set")
    func lengths() throws {
        let long = PassphraseResolver(environment: .fixed([PassphraseResolver.defaultVariable: String(repeating: "x", count: 1_025)]), terminal: nil)
        #expect(vaultError { _ = try long.passphrase(for: Self.path, purpose: .unlock) }?.code == .passphraseTooLong)
        let short = PassphraseResolver(environment: .fixed([PassphraseResolver.defaultVariable: "x"]), terminal: nil)
        #expect(try short.passphrase(for: Self.path, purpose: .unlock).count == 1)
        #expect(vaultError { _ = try short.passphrase(for: Self.path, purpose: .create) }?.code == .passphraseTooShort)
    }

    @Test("the process environment is read with getenv into guarded memory")
    func processEnvironment() throws {
        setenv("SESAME_VAULT_TEST_GETENV_VARIABLE", "value-from-getenv", 1)
        defer { unsetenv("SESAME_VAULT_TEST_GETENV_VARIABLE") }
        let secret = try #require(VaultEnvironment.process.secret("SESAME_VAULT_TEST_GETENV_VARIABLE"))
        #expect(secret.revealedForTest == "value-from-getenv")
        #expect(VaultEnvironment.process.secret("SESAME_VAULT_TEST_UNSET_VARIABLE") == nil)
    }
}
