import Foundation
import Sesame
import SesameTestSupport
@testable import SesameVault
import Testing

/// A vault path in a fresh folder, with configurations that use KDF level interactive, a counted
/// Argon2id, no terminal and no crash hook.
struct VaultFixture: Sendable {
    /// The test's folder.
    let directory: TemporaryFolder
    /// The folder in ``directory`` that holds the vault (`nil`: ``directory`` itself).
    let folder: String?
    let counter = KDFCounter()

    /// A vault named `vault` in `folder` of `directory` (in `directory` itself when `nil`).
    init(directory: TemporaryFolder, in folder: String? = nil) {
        self.directory = directory
        self.folder = folder
    }

    /// The vault file's name in ``directory``.
    var name: String { folder.map { "\($0)/vault" } ?? "vault" }
    /// The backup's name in ``directory``.
    var backupName: String { name + ".bak" }
    /// The vault file.
    var path: String { directory.file(name) }
    /// Its backup.
    var backup: String { directory.file(backupName) }

    /// A configuration whose passphrase is `passphrase` via `$SESAME_VAULT_PASSPHRASE` (none when `nil`).
    func configuration(
        passphrase: String? = TestSecrets.passphrase,
        variables: [String: String] = [:],
        fileIO: any VaultFileIO = SystemFileIO(),
        lockTimeout: Duration = .seconds(10),
        random: VaultRandom = .system,
        now: @escaping @Sendable () -> Int64 = { 1_800_000_000 }
    ) -> VaultConfiguration {
        var environment = variables
        if let passphrase { environment[PassphraseResolver.defaultVariable] = passphrase }
        return VaultConfiguration(
            passphrase: PassphraseResolver(environment: .fixed(environment)),
            lockTimeout: lockTimeout,
            allowInsecurePermissions: false,
            fileIO: fileIO,
            keyDerivation: counter.derivation,
            random: random,
            now: now,
            crashHook: .none
        )
    }

    /// The vault with ``configuration(passphrase:variables:fileIO:lockTimeout:random:now:)``.
    func vault(passphrase: String? = TestSecrets.passphrase, fileIO: any VaultFileIO = SystemFileIO(), lockTimeout: Duration = .seconds(10)) -> Vault {
        Vault(path: path, configuration: configuration(passphrase: passphrase, fileIO: fileIO, lockTimeout: lockTimeout))
    }

    /// Creates the vault (level interactive) and returns it.
    @discardableResult
    func created() throws -> Vault {
        let vault = vault()
        try vault.create(kdf: .interactive)
        return vault
    }

    /// Creates the vault with one opaque entry `a` (generation 2, so `.bak` exists).
    @discardableResult
    func createdWithEntry() throws -> Vault {
        let vault = try created()
        try vault.put("opaque-secret-value-1234".secret, named: "a", kind: .opaque)
        return vault
    }

    /// The vault file's bytes.
    func bytes() throws -> [UInt8] { Array(try directory.read(name)) }

    /// The backup's bytes.
    func backupBytes() throws -> [UInt8] { Array(try directory.read(backupName)) }

    /// Replaces the vault file's bytes, leaving it with `mode` (checked).
    func overwrite(with bytes: [UInt8], mode: mode_t = 0o600) throws {
        try directory.write(bytes, to: name, mode: mode)
    }

    /// The names of leftover temporary files.
    func temporaries() throws -> [String] {
        try directory.entries(in: folder).filter { $0.hasPrefix(".vault.tmp-") || $0.hasSuffix(".bak.tmp") }
    }
}

/// Runs `body` with a fresh ``VaultFixture``.
func withVault<Result>(_ body: (VaultFixture) async throws -> Result) async throws -> Result {
    try await withTemporaryFolder { directory in try await body(VaultFixture(directory: directory)) }
}

/// The ``VaultError`` `body` throws (a test failure when it throws nothing or something else).
@discardableResult
func vaultError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> VaultError? {
    do {
        try body()
        Issue.record("expected a VaultError, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as VaultError {
        return error
    } catch {
        Issue.record("expected a VaultError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Writes `bytes` over the vault header's checksum so a forged header passes the integrity check.
func withRecomputedChecksum(_ bytes: [UInt8]) -> [UInt8] {
    var copy = bytes
    let checksum = VaultCrypto.checksum(copy[0..<VaultHeader.Offset.checksum])
    copy.replaceSubrange(VaultHeader.Offset.checksum..<VaultHeader.length, with: checksum)
    return copy
}
