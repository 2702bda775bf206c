import Foundation
import Sesame
import SesameTestSupport
@testable import SesameVault
import Synchronization
import Testing

@Suite("Passphrase sources, in the order of the spec")
struct PassphraseSourceTests {
    static let path = "/tmp/example-vault"

    @Test("the host closure wins over every other source")
    func closureFirst() throws {
        let resolver = PassphraseResolver(
            provider: { vaultPath in
                #expect(vaultPath == Self.path)
                return "from-the-closure".secret
            },
            file: "/nonexistent", environment: .fixed([PassphraseResolver.defaultVariable: "from-env"])
        )
        #expect(try resolver.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "from-the-closure")
    }

    @Test("a closure's own error becomes noPassphrase without its text")
    func closureError() throws {
        struct Leaky: Error, CustomStringConvertible { var description: String { TestSecrets.passphrase } }
        let resolver = PassphraseResolver(provider: { _ in throw Leaky() })
        let error = vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }
        #expect(error?.code == .noPassphrase)
        #expect(error?.message.contains(TestSecrets.passphrase) == false)
    }

    @Test("a passphrase file (0600) is read and one trailing newline stripped", arguments: ["pass-phrase\n", "pass-phrase\r\n", "pass-phrase"])
    func file(contents: String) async throws {
        try withTemporaryFolder { directory in
            let file = try directory.write(Array(contents.utf8), to: "passphrase")
            let viaVariable = PassphraseResolver(
                fileVariable: PassphraseResolver.defaultFileVariable, environment: .fixed([PassphraseResolver.defaultFileVariable: file])
            )
            #expect(try viaVariable.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "pass-phrase")
            let explicit = PassphraseResolver(file: file, environment: .fixed([:]))
            #expect(try explicit.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "pass-phrase")
        }
    }

    @Test("only one newline is stripped; other bytes are kept as typed")
    func fileBytesAsTyped() async throws {
        try withTemporaryFolder { directory in
            let file = try directory.write(Array(" spaced pass\n\n".utf8), to: "passphrase")
            let resolver = PassphraseResolver(file: file, environment: .fixed([:]))
            #expect(try resolver.passphrase(for: Self.path, purpose: .unlock).revealedForTest == " spaced pass\n")
        }
    }

    @Test("a passphrase file readable by others is refused, even with SESAME_VAULT_ALLOW_INSECURE", arguments: [0o644, 0o640, 0o604] as [mode_t])
    func insecureFile(mode: mode_t) async throws {
        try withTemporaryFolder { directory in
            let file = try directory.write(Array("pass-phrase".utf8), to: "passphrase", mode: mode)
            let resolver = PassphraseResolver(file: file, environment: .fixed(["SESAME_VAULT_ALLOW_INSECURE": "1"]))
            let error = vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }
            #expect(error?.code == .insecurePermissions)
            #expect(error?.message.hasPrefix("passphrase file \(file) has mode 0") == true)
        }
    }

    @Test("a passphrase file over 1,024 bytes is refused; exactly 1,024 plus a newline is accepted")
    func fileLength() async throws {
        try withTemporaryFolder { directory in
            let file = directory.file("passphrase")
            let resolver = PassphraseResolver(file: file, environment: .fixed([:]))
            try directory.write(Array(repeating: UInt8(ascii: "p"), count: 1_024) + [0x0A], to: "passphrase")
            #expect(try resolver.passphrase(for: Self.path, purpose: .unlock).count == 1_024)
            try directory.write(Array(repeating: UInt8(ascii: "p"), count: 1_025), to: "passphrase")
            #expect(vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }?.code == .passphraseTooLong)
            try directory.write(Array(repeating: UInt8(ascii: "p"), count: 5_000), to: "passphrase")
            #expect(vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }?.code == .passphraseTooLong)
        }
    }

    @Test("an empty passphrase file or variable is emptyPassphrase")
    func empty() async throws {
        try withTemporaryFolder { directory in
            let file = try directory.write(Array("\n".utf8), to: "passphrase")
            let fromFile = PassphraseResolver(file: file, environment: .fixed([:]))
            #expect(vaultError { _ = try fromFile.passphrase(for: Self.path, purpose: .unlock) }?.code == .emptyPassphrase)
            let fromVariable = PassphraseResolver(environment: .fixed([PassphraseResolver.defaultVariable: ""]))
            let error = vaultError { _ = try fromVariable.passphrase(for: Self.path, purpose: .unlock) }
            #expect(error?.code == .emptyPassphrase)
            #expect(error?.message.contains("$SESAME_VAULT_PASSPHRASE") == true)
        }
    }

    @Test("the variable named by passphraseEnv is read")
    func customVariable() throws {
        let resolver = PassphraseResolver(variable: "MY_VAULT_PASS", environment: .fixed(["MY_VAULT_PASS": "custom-pass", PassphraseResolver.defaultVariable: "x"]))
        #expect(try resolver.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "custom-pass")
    }

    @Test("a file and the variable both set is passphraseConflict")
    func conflict() async throws {
        try withTemporaryFolder { directory in
            let file = try directory.write(Array("pass-phrase".utf8), to: "passphrase")
            let resolver = PassphraseResolver(
                fileVariable: PassphraseResolver.defaultFileVariable,
                environment: .fixed([PassphraseResolver.defaultFileVariable: file, PassphraseResolver.defaultVariable: "pass-phrase"])
            )
            let error = vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }
            #expect(error?.code == .passphraseConflict)
            #expect(error?.message.contains("SESAME_VAULT_PASSPHRASE_FILE") == true)
        }
    }

    @Test("no source at all is noPassphrase with the spec's message (the CLI's sources: file variable, variable, a prompt that finds no terminal)")
    func none() throws {
        let resolver = PassphraseResolver(
            fileVariable: PassphraseResolver.defaultFileVariable, environment: .fixed([:]), prompt: { _, _ in nil }
        )
        let error = vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }
        #expect(error?.code == .noPassphrase)
        #expect(error?.message == "no passphrase for vault \(Self.path): set SESAME_VAULT_PASSPHRASE_FILE or SESAME_VAULT_PASSPHRASE, or run in a terminal")
    }

    @Test("the library's default sources read only $SESAME_VAULT_PASSPHRASE, and without it fail at once naming it")
    func libraryDefaults() throws {
        let resolver = PassphraseResolver(environment: { name in
            #expect(name == "SESAME_VAULT_PASSPHRASE", "the library read \(name)")
            return nil
        })
        let error = vaultError { _ = try resolver.passphrase(for: Self.path, purpose: .unlock) }
        #expect(error?.code == .noPassphrase)
        #expect(error?.message == "no passphrase for vault \(Self.path): set SESAME_VAULT_PASSPHRASE or configure a passphrase file")
        let set = PassphraseResolver(environment: { $0 == "SESAME_VAULT_PASSPHRASE" ? "from-the-variable" : nil })
        #expect(try set.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "from-the-variable")
    }

    @Test("a prompt is asked only after the file and the variable; new passphrases are asked twice")
    func promptLast() throws {
        let asked = Mutex<[String]>([])
        let prompt: PassphraseResolver.Prompt = { text, _ in
            asked.withLock { $0.append(text) }
            return "typed-passphrase".secret
        }
        let fromVariable = PassphraseResolver(environment: .fixed([PassphraseResolver.defaultVariable: "from-env"]), prompt: prompt)
        #expect(try fromVariable.passphrase(for: Self.path, purpose: .unlock).revealedForTest == "from-env")
        #expect(asked.withLock { $0 }.isEmpty)
        let typed = PassphraseResolver(environment: .fixed([:]), prompt: prompt)
        #expect(try typed.passphrase(for: Self.path, purpose: .create).revealedForTest == "typed-passphrase")
        #expect(asked.withLock { $0 } == ["Passphrase for vault \(Self.path): ", "Repeat the passphrase: "])
    }

    @Test("a variable longer than 1,024 bytes is passphraseTooLong; a 1-byte passphrase unlocks, but is too short to set")
    func lengths() throws {
        let long = PassphraseResolver(environment: .fixed([PassphraseResolver.defaultVariable: String(repeating: "x", count: 1_025)]))
        #expect(vaultError { _ = try long.passphrase(for: Self.path, purpose: .unlock) }?.code == .passphraseTooLong)
        let short = PassphraseResolver(environment: .fixed([PassphraseResolver.defaultVariable: "x"]))
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
