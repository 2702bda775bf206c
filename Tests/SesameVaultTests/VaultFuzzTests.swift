import Foundation
import Sesame
@testable import SesameVault
import Testing

@Suite("Seeded mutation fuzz of the header and table parsers")
struct VaultFuzzTests {
    /// One random mutation: bit flips, byte overwrites, truncation, extension, length-field pokes.
    static func mutate(_ input: [UInt8], using generator: inout SplitMix64, lengthOffsets: [Int]) -> [UInt8] {
        var bytes = input
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
            }
        case 1:
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
        case 2:
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
        case 3:
            bytes += (0..<Int.random(in: 1...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        case 4:
            let offset = lengthOffsets.randomElement(using: &generator)!
            if offset + 4 <= bytes.count {
                let value = [0, 1, 0xFF, 0xFFFF, 0xFFFF_FFFF, UInt32.random(in: 0...UInt32.max, using: &generator)].randomElement(using: &generator)!
                LittleEndian.write(UInt32(truncatingIfNeeded: value), to: &bytes, at: offset)
            }
        default:
            if bytes.count > 1 {
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                let end = Int.random(in: start...bytes.count, using: &generator)
                bytes.removeSubrange(start..<end)
            }
        }
        return bytes
    }

    @Test("10,000 header mutations (checksum recomputed for half): a header or a VaultError, never a crash or a KDF call")
    func header() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let seed = try fixture.bytes()
            let before = fixture.counter.count
            var generator = SplitMix64(seed: 0xF022)
            var outcomes: [String: Int] = [:]
            for iteration in 0..<10_000 {
                var bytes = Self.mutate(seed, using: &generator, lengthOffsets: [8, 10, 40, 44, 76, 80])
                if iteration % 2 == 0 && bytes.count >= VaultHeader.length {
                    bytes = withRecomputedChecksum(bytes)
                }
                let fileSize = Bool.random(using: &generator) ? bytes.count : Int.random(in: 0...(bytes.count + 8_192), using: &generator)
                let prefix = Array(bytes.prefix(VaultHeader.classificationPrefix))
                do throws(VaultError) {
                    let header = try VaultHeader.decode(prefix, fileSize: min(fileSize, bytes.count), path: "fuzz")
                    #expect(header.kdf.isAccepted)
                    #expect(header.bodyLength <= UInt64(VaultLimits.maxBodyLength))
                    outcomes["ok", default: 0] += 1
                } catch {
                    outcomes[error.code.description, default: 0] += 1
                }
            }
            #expect(fixture.counter.count == before)
            #expect(outcomes.values.reduce(0, +) == 10_000)
            #expect(outcomes.count >= 6, "\(outcomes)")
        }
    }

    @Test("10,000 table mutations fed to the table parser directly: a table or malformed, never a crash")
    func table() throws {
        var table = VaultTable()
        for (index, name) in ["a", "b.key", "c:secret", "d/e@f"].enumerated() {
            let value = SecretBytes(utf8: String(repeating: "v\(index)", count: index * 7 + 1))
            table.set(.init(info: VaultEntryInfo(name: name, kind: index == 0 ? .pemPrivateKey : .opaque, size: value.count, created: 1, updated: 2), value: .init(value)))
        }
        let padded = try table.encoded(path: "fuzz")
        let unpadded = Array(padded.bytesForTest.prefix(table.encodedLength))
        var generator = SplitMix64(seed: 0x7AB1E)
        var parsed = 0
        var malformed = 0
        for iteration in 0..<10_000 {
            let mutated = Self.mutate(unpadded, using: &generator, lengthOffsets: [1, 5, 6, 7, 25, 26])
            // Half the time pad properly (exercises the entry parser), else feed raw bytes (exercises unpad).
            let input: SecretBytes
            if iteration % 2 == 0 {
                let length = VaultTable.paddedLength(mutated.count)
                input = SecretBytes(count: length) { buffer in
                    buffer.initializeMemory(as: UInt8.self, repeating: 0)
                    buffer.copyBytes(from: mutated)
                    buffer[mutated.count] = 0x80
                }
            } else {
                input = SecretBytes(copying: mutated)
            }
            do throws(VaultError) {
                let decoded = try VaultTable.decode(input, path: "fuzz")
                #expect(decoded.entries.count <= VaultLimits.maxEntries)
                parsed += 1
            } catch {
                #expect(error.code == .malformed)
                malformed += 1
            }
        }
        #expect(parsed + malformed == 10_000)
        #expect(parsed > 0 && malformed > 0)
    }

    @Test("the table round-trips through encode and decode")
    func tableRoundTrip() throws {
        var table = VaultTable()
        table.set(.init(info: VaultEntryInfo(name: "z", kind: .opaque, size: 3, created: -5, updated: Int64.max), value: .init(SecretBytes(utf8: "zzz"))))
        table.set(.init(info: VaultEntryInfo(name: "A", kind: .pemPrivateKey, size: 1, created: 0, updated: 0), value: .init(SecretBytes(utf8: "x"))))
        let decoded = try VaultTable.decode(try table.encoded(path: "t"), path: "t")
        #expect(decoded.infos == table.infos)
        #expect(decoded.infos.map(\.name) == ["A", "z"])
        #expect(decoded.value(named: "z")?.revealedForTest == "zzz")
    }
}
