import Foundation
import Sesame
import SesameTestSupport
@testable import SesameVault
import Testing

@Suite("Vault: every operation round-trips")
struct VaultRoundTripTests {
    @Test("init writes an empty vault of exactly 4316 bytes, mode 0600, generation 1, no backup")
    func emptyVault() async throws {
        try await withVault { fixture in
            let vault = try fixture.created()
            let bytes = try fixture.bytes()
            #expect(bytes.count == 4316)
            #expect(Array(bytes[0..<8]) == [0x89, 0x53, 0x56, 0x4C, 0x0D, 0x0A, 0x1A, 0x0A])
            #expect(try TemporaryFolder.mode(of: fixture.path) == 0o600)
            #expect(!fixture.directory.exists(fixture.backupName))
            #expect(try vault.entries().isEmpty)
            let header = try VaultHeader.decode(bytes, fileSize: bytes.count, path: fixture.path)
            #expect(header.generation == 1)
            #expect(header.bodyLength == 4112)
            #expect(header.kdf == KDFLevel.interactive.parameters)
            #expect(try fixture.temporaries().isEmpty)
        }
    }

    @Test("init refuses an existing vault and leaves it byte-identical")
    func initRefusesExisting() async throws {
        try await withVault { fixture in
            let vault = try fixture.createdWithEntry()
            let before = try fixture.bytes()
            let error = vaultError { try vault.create(kdf: .interactive) }
            #expect(error?.code == .vaultExists)
            #expect(try fixture.bytes() == before)
        }
    }

    @Test("put, get, list, replace and remove round-trip; generation counts body writes")
    func operations() async throws {
        try await withVault { fixture in
            let pem = try TestSecrets.pem()
            let vault = try fixture.created()
            try vault.put(pem.secret, named: "coze-cn", kind: .pemPrivateKey)
            try vault.put("opaque-secret-value-1234".secret, named: "client:secret", kind: .opaque)
            #expect(try vault.secret(named: "coze-cn").revealedForTest == pem)
            #expect(try vault.secret(named: "client:secret").revealedForTest == "opaque-secret-value-1234")
            let listed = try vault.entries()
            #expect(listed.map(\.name) == ["client:secret", "coze-cn"])
            #expect(listed.map(\.kind) == [.opaque, .pemPrivateKey])
            #expect(listed[1].size == pem.utf8.count)
            #expect(listed[1].created == 1_800_000_000 && listed[1].updated == 1_800_000_000)

            #expect(vaultError { try vault.put("other".secret, named: "client:secret", kind: .opaque) }?.code == .entryExists)
            try vault.put("replaced-value".secret, named: "client:secret", kind: .opaque, replace: true)
            #expect(try vault.secret(named: "client:secret").revealedForTest == "replaced-value")

            try vault.remove(named: "coze-cn")
            #expect(try vault.entries().map(\.name) == ["client:secret"])
            #expect(vaultError { _ = try vault.secret(named: "coze-cn") }?.code == .entryNotFound)
            #expect(vaultError { try vault.remove(named: "coze-cn") }?.code == .entryNotFound)

            let report = try vault.report()
            #expect(report.generation == 5)
            #expect(report.entryCount == 1)
            #expect(report.backup == .verified(generation: 4))
            #expect(try fixture.temporaries().isEmpty)
        }
    }

    @Test("a replaced entry keeps its created time and gets a new updated time")
    func timestamps() async throws {
        try await withVault { fixture in
            try fixture.created()
            // Each reading moves the clock one second on: the first put reads 1, the second 2.
            let clock = TestClock(Date(timeIntervalSince1970: 0))
            let now: @Sendable () -> Int64 = {
                clock.advance(by: 1)
                return Int64(clock.now.timeIntervalSince1970)
            }
            let vault = Vault(path: fixture.path, configuration: fixture.configuration(now: now))
            try vault.put("first-value".secret, named: "x", kind: .opaque)
            try vault.put("second-value".secret, named: "x", kind: .opaque, replace: true)
            let entry = try #require(try vault.entries().first)
            #expect(entry.created == 1)
            #expect(entry.updated == 2)
        }
    }

    @Test("the backup is the previous generation and opens with the same passphrase")
    func backupIsPreviousGeneration() async throws {
        try await withVault { fixture in
            let vault = try fixture.createdWithEntry()
            let previous = try fixture.bytes()
            try vault.put("second-value".secret, named: "b", kind: .opaque)
            #expect(try fixture.backupBytes() == previous)
            #expect(try TemporaryFolder.mode(of: fixture.backup) == 0o600)
            let backup = Vault(path: fixture.backup, configuration: fixture.configuration())
            #expect(try backup.entries().map(\.name) == ["a"])
        }
    }

    @Test("limits: names, values, kinds are checked before the passphrase is needed")
    func limits() async throws {
        try await withVault { fixture in
            try fixture.created()
            let vault = fixture.vault(passphrase: nil)
            let tooLong = String(repeating: "n", count: 129)
            for name in ["", tooLong, "has space", "tab\tname", "esc\u{1B}[31m", "ünïcode"] {
                #expect(vaultError { try vault.put("value".secret, named: name, kind: .opaque) }?.code == .invalidName)
            }
            #expect(vaultError { try vault.put(SecretBytes(count: 0) { _ in }, named: "x", kind: .opaque) }?.code == .emptyValue)
            let big = SecretBytes(count: 65_537) { $0.initializeMemory(as: UInt8.self, repeating: 7) }
            #expect(vaultError { try vault.put(big, named: "x", kind: .opaque) }?.code == .entryTooLarge)
            #expect(vaultError { try vault.put("not a key".secret, named: "x", kind: .pemPrivateKey) }?.code == .notAPrivateKey)
            #expect(fixture.counter.count == 1)
            let name = String(repeating: "n", count: 128)
            let max = SecretBytes(count: 65_536) { $0.initializeMemory(as: UInt8.self, repeating: 7) }
            try fixture.vault().put(max, named: name, kind: .opaque)
            #expect(try fixture.vault().secret(named: name).count == 65_536)
        }
    }

    @Test("an encrypted PEM key is refused as kind pem, with the command that decrypts it")
    func encryptedKeyRefused() async throws {
        try await withVault { fixture in
            try fixture.created()
            let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n"
            let error = vaultError { try fixture.vault().put(encrypted.secret, named: "k", kind: .pemPrivateKey) }
            #expect(error?.code == .notAPrivateKey)
            #expect(error?.message.contains("openssl pkey") == true)
        }
    }

    @Test("a full table is refused with vaultFull")
    func vaultFull() async throws {
        try await withVault { fixture in
            let vault = try fixture.created()
            // 64 values of 64 KiB exceed the 4 MiB table before the 1,024-entry limit.
            var table = VaultTable()
            for index in 0..<63 {
                let value = SecretBytes(count: 65_536) { $0.initializeMemory(as: UInt8.self, repeating: UInt8(index)) }
                table.set(.init(info: VaultEntryInfo(name: "e\(index)", kind: .opaque, size: 65_536, created: 0, updated: 0), value: .init(value)))
            }
            #expect(throws: Never.self) { _ = try table.encoded(path: "t") }
            let one = SecretBytes(count: 65_536) { $0.initializeMemory(as: UInt8.self, repeating: 1) }
            table.set(.init(info: VaultEntryInfo(name: "e63", kind: .opaque, size: 65_536, created: 0, updated: 0), value: .init(one)))
            #expect(vaultError { _ = try table.encoded(path: "t") }?.code == .vaultFull)
            _ = vault
        }
    }

    @Test("golden file: deterministic randomness and clock give a byte-exact vault")
    func goldenFile() async throws {
        try await withVault { fixture in
            let seed = [UInt8](repeating: 0x5E, count: 32)
            let configuration = fixture.configuration(random: .deterministic(seed: seed), now: { 1_800_000_000 })
            let vault = Vault(path: fixture.path, configuration: configuration)
            try vault.create(kdf: .interactive)
            try vault.put("golden-value".secret, named: "golden", kind: .opaque)
            let bytes = try fixture.bytes()
            let digest = VaultCrypto.checksum(bytes[...]).map { String(format: "%02x", $0) }.joined()
            #expect(bytes.count == 4316)
            #expect(digest == GoldenVault.blake2b256)
        }
    }
}

/// The BLAKE2b-256 of the golden vault (see `goldenFile`): changes only when the format does.
enum GoldenVault {
    static let blake2b256 = "b42cac85885135a3ee98a3149e866be59e522bdb8aa78c97b84b224a304e5b85"
}
