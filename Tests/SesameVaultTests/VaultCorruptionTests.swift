import Foundation
import Sesame
@testable import SesameVault
import Testing

@Suite("Vault: damaged and forged files are classified before any KDF call")
struct VaultCorruptionTests {
    @Test("every prefix of a one-entry vault is truncated, with zero KDF calls")
    func everyPrefixIsTruncated() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let original = try fixture.bytes()
            let vault = fixture.vault()
            let before = fixture.counter.count
            for length in 0..<original.count {
                try fixture.overwrite(with: Array(original[0..<length]))
                let error = vaultError { _ = try vault.entries() }
                #expect(error?.code == .truncated, "prefix of \(length) bytes: \(error?.message ?? "no error")")
                if length == 100 {
                    #expect(error?.message == "vault \(fixture.path) is truncated (100 bytes, expected 204); restore: cp -p \(fixture.path).bak \(fixture.path)")
                }
            }
            #expect(fixture.counter.count == before)
        }
    }

    @Test("all 1,632 single-bit flips of the header give notAVault or headerCorrupted, never success or wrongPassphrase")
    func everyHeaderBitFlip() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let original = try fixture.bytes()
            let vault = fixture.vault()
            let before = fixture.counter.count
            var outcomes: [VaultError.Code: Int] = [:]
            for bit in 0..<(VaultHeader.length * 8) {
                var damaged = original
                damaged[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
                try fixture.overwrite(with: damaged)
                let error = vaultError { _ = try vault.entries() }
                let code = try #require(error?.code)
                outcomes[code, default: 0] += 1
                #expect(code == .notAVault || code == .headerCorrupted, "bit \(bit): \(code)")
            }
            #expect(outcomes.values.reduce(0, +) == 1_632)
            #expect(outcomes[.notAVault] == 64)
            #expect(fixture.counter.count == before)
        }
    }

    @Test("sampled single-bit flips of the body give dataCorrupted")
    func sampledBodyBitFlips() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let original = try fixture.bytes()
            let vault = fixture.vault()
            var generator = SplitMix64(seed: 0xB0D1)
            let body = VaultHeader.length..<original.count
            let offsets = [body.lowerBound, body.lowerBound + 5, original.count - 1, original.count - 16]
                + (0..<8).map { _ in Int.random(in: body, using: &generator) }
            for offset in offsets {
                var damaged = original
                damaged[offset] ^= UInt8(1) << UInt8(Int.random(in: 0..<8, using: &generator))
                try fixture.overwrite(with: damaged)
                let error = vaultError { _ = try vault.entries() }
                #expect(error?.code == .dataCorrupted, "byte \(offset): \(error?.message ?? "")")
            }
        }
    }

    @Test("a wrong passphrase is wrongPassphrase, and the file stays byte-identical")
    func wrongPassphrase() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let before = try fixture.bytes()
            let backup = try fixture.backupBytes()
            let vault = fixture.vault(passphrase: TestSecrets.wrongPassphrase)
            #expect(vaultError { _ = try vault.entries() }?.code == .wrongPassphrase)
            #expect(vaultError { try vault.put("value-1".secret, named: "b", kind: .opaque) }?.code == .wrongPassphrase)
            #expect(vaultError { try vault.remove(named: "a") }?.code == .wrongPassphrase)
            #expect(vaultError { try vault.changePassphrase(newPassphrase: .newPassphrase(file: nil, environment: .fixed(["SESAME_VAULT_NEW_PASSPHRASE": TestSecrets.newPassphrase]))) }?.code == .wrongPassphrase)
            #expect(try fixture.bytes() == before)
            #expect(try fixture.backupBytes() == backup)
            #expect(vaultError { _ = try vault.entries() }?.message == "wrong passphrase for vault \(fixture.path)")
        }
    }

    @Test("forged versions with a recomputed checksum: 2 and 0x7FFF are newer, 0 and 0x8000 unknown", arguments: [
        (2, "newerVersion"), (0x7FFF, "newerVersion"), (0, "unknownVersion"), (0x8000, "unknownVersion"), (0xFFFF, "unknownVersion"),
    ] as [(UInt16, String)])
    func forgedVersion(version: UInt16, expected: String) async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            var bytes = try fixture.bytes()
            LittleEndian.write(version, to: &bytes, at: VaultHeader.Offset.version)
            try fixture.overwrite(with: withRecomputedChecksum(bytes))
            let before = fixture.counter.count
            let error = vaultError { _ = try fixture.vault().entries() }
            #expect(error?.code.description == expected)
            if version == 2 {
                #expect(error?.message == "vault \(fixture.path) is format version 2; this sesame reads version 1; upgrade sesame")
            }
            #expect(fixture.counter.count == before)
        }
    }

    @Test("forged KDF parameters out of range are refused before allocating, with a recomputed checksum", arguments: [
        (1, 65_536), (11, 65_536), (UInt32.max, 65_536), (2, 65_535), (2, 1_048_577), (2, UInt32.max), (0, 0),
    ] as [(UInt32, UInt32)])
    func forgedKDF(ops: UInt32, memoryKiB: UInt32) async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            var bytes = try fixture.bytes()
            LittleEndian.write(ops, to: &bytes, at: VaultHeader.Offset.opsLimit)
            LittleEndian.write(memoryKiB, to: &bytes, at: VaultHeader.Offset.memoryKiB)
            try fixture.overwrite(with: withRecomputedChecksum(bytes))
            let before = fixture.counter.count
            let error = vaultError { _ = try fixture.vault().entries() }
            #expect(error?.code == .kdfParamsOutOfRange)
            #expect(error?.message.hasSuffix("; accepted: ops 2–10, 64–1024 MiB") == true)
            #expect(fixture.counter.count == before)
        }
    }

    @Test("forged fields with a recomputed checksum are headerInvalid", arguments: [
        "aead_id", "kdf_id", "reserved", "generation 0", "vault_id 0", "body_len huge", "body_len unaligned", "trailing bytes", "header_len 300",
    ])
    func forgedFields(field: String) async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            var bytes = try fixture.bytes()
            switch field {
            case "aead_id": bytes[28] = 2
            case "kdf_id": bytes[72] = 9
            case "reserved": bytes[74] = 1
            case "generation 0": LittleEndian.write(UInt64(0), to: &bytes, at: 32)
            case "vault_id 0": bytes.replaceSubrange(12..<28, with: [UInt8](repeating: 0, count: 16))
            case "body_len huge": LittleEndian.write(UInt64(1) << 40, to: &bytes, at: 40)
            case "body_len unaligned": LittleEndian.write(UInt64(4_113), to: &bytes, at: 40)
            case "trailing bytes": bytes += [0]
            default:
                // A longer declared header: the checksum then sits at its new end.
                LittleEndian.write(UInt16(300), to: &bytes, at: 10)
                let checksum = VaultCrypto.checksum(bytes[0..<268])
                bytes.replaceSubrange(268..<300, with: checksum)
                try fixture.overwrite(with: bytes)
                #expect(vaultError { _ = try fixture.vault().entries() }?.code == .headerInvalid)
                return
            }
            try fixture.overwrite(with: field == "trailing bytes" ? bytes : withRecomputedChecksum(bytes))
            let before = fixture.counter.count
            let error = vaultError { _ = try fixture.vault().entries() }
            #expect(error?.code == .headerInvalid, "\(field): \(error?.message ?? "")")
            #expect(fixture.counter.count == before)
        }
    }

    @Test("edits that keep the checksum valid still fail an AEAD: generation → dataCorrupted, salt → wrongPassphrase")
    func checksumOnlyClassifies() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let original = try fixture.bytes()
            var generation = original
            LittleEndian.write(UInt64(7), to: &generation, at: VaultHeader.Offset.generation)
            try fixture.overwrite(with: withRecomputedChecksum(generation))
            #expect(vaultError { _ = try fixture.vault().entries() }?.code == .dataCorrupted)
            var salt = original
            salt[VaultHeader.Offset.salt] ^= 1
            try fixture.overwrite(with: withRecomputedChecksum(salt))
            #expect(vaultError { _ = try fixture.vault().entries() }?.code == .wrongPassphrase)
            var ops = original
            LittleEndian.write(UInt32(3), to: &ops, at: VaultHeader.Offset.opsLimit)
            try fixture.overwrite(with: withRecomputedChecksum(ops))
            #expect(vaultError { _ = try fixture.vault().entries() }?.code == .wrongPassphrase)
        }
    }

    @Test("a file that is not a vault, a missing file and a folder are told apart")
    func notAVault() async throws {
        try await withVault { fixture in
            let vault = fixture.vault()
            let missing = vaultError { _ = try vault.entries() }
            #expect(missing?.code == .vaultNotFound)
            #expect(missing?.message == "vault \(fixture.path) does not exist; create it: sesame vault init --vault \(fixture.path)")
            try fixture.overwrite(with: Array("{\"version\": 1}".utf8))
            let text = vaultError { _ = try vault.entries() }
            #expect(text?.code == .notAVault)
            #expect(text?.message == "\(fixture.path) is not a Sesame vault (bad magic)")
            try FileManager.default.removeItem(atPath: fixture.path)
            try FileManager.default.createDirectory(atPath: fixture.path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            #expect(vaultError { _ = try vault.entries() }?.code == .io)
            // A FIFO must not block the reader.
            try FileManager.default.removeItem(atPath: fixture.path)
            #expect(mkfifo(fixture.path, 0o600) == 0)
            let fifo = vaultError { _ = try vault.entries() }
            #expect(fifo?.code == .io)
            #expect(fifo?.message == "cannot read vault \(fixture.path): it is not a regular file")
        }
    }
}

/// A small seeded generator, so sampled and fuzzed inputs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
