import CSodium
import SesameCore

/// The decrypted entry table (`vault-format.md` §3), kept in guarded memory.
///
/// Layout before padding: `u8 table_version = 1, u32 count`, then per entry, strictly ascending by
/// name bytes: `u16 name_len, name, u8 kind, i64 created, i64 updated, u32 value_len, value`.
/// The whole is padded with `sodium_pad` to a multiple of 4,096 bytes.
///
/// Values are not copied out when a table is decoded: an entry refers to its bytes in the decrypted
/// buffer, and ``value(named:)`` copies one value into its own `SecretBytes`.
package struct VaultTable: Sendable {
    /// A reference to a value: a byte range of a guarded buffer.
    struct Value: Sendable {
        let storage: SecretBytes
        let range: Range<Int>

        init(storage: SecretBytes, range: Range<Int>) {
            self.storage = storage
            self.range = range
        }

        init(_ secret: SecretBytes) {
            self.init(storage: secret, range: 0..<secret.count)
        }

        var count: Int { range.count }

        func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
            try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        }

        /// A copy in its own guarded buffer.
        func copy() -> SecretBytes {
            withUnsafeBytes { source in SecretBytes(count: source.count) { $0.copyMemory(from: source) } }
        }
    }

    /// One entry: metadata and value.
    struct Entry: Sendable {
        var info: VaultEntryInfo
        var value: Value
    }

    static let version: UInt8 = 1
    private static let fixedEntryBytes = 2 + 1 + 8 + 8 + 4

    /// The entries, ascending by name bytes.
    private(set) var entries: [Entry]

    /// An empty table.
    init() {
        entries = []
    }

    private init(entries: [Entry]) {
        self.entries = entries
    }

    /// The metadata of every entry, ascending by name.
    var infos: [VaultEntryInfo] { entries.map(\.info) }

    /// The entry called `name`.
    func entry(named name: String) -> Entry? {
        index(of: name).found.map { entries[$0] }
    }

    /// A copy of the value called `name`.
    func value(named name: String) -> SecretBytes? {
        entry(named: name)?.value.copy()
    }

    /// Adds or replaces an entry, keeping the order. Limits are checked by the caller.
    mutating func set(_ entry: Entry) {
        switch index(of: entry.info.name) {
        case (let found?, _): entries[found] = entry
        case (nil, let insertion): entries.insert(entry, at: insertion)
        }
    }

    /// Removes the entry called `name`; `false` when there is none.
    mutating func remove(named name: String) -> Bool {
        guard let found = index(of: name).found else { return false }
        entries.remove(at: found)
        return true
    }

    private func index(of name: String) -> (found: Int?, insertion: Int) {
        let key = Array(name.utf8)
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let other = Array(entries[middle].info.name.utf8)
            if other == key { return (middle, middle) }
            if other.lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle }
        }
        return (nil, low)
    }

    // MARK: - Encoding

    /// The unpadded length of this table.
    var encodedLength: Int {
        entries.reduce(5) { $0 + Self.fixedEntryBytes + $1.info.name.utf8.count + $1.value.count }
    }

    /// The padded length `sodium_pad` produces for `length` bytes (always at least one padding byte).
    static func paddedLength(_ length: Int) -> Int {
        (length / VaultLimits.tableBlock + 1) * VaultLimits.tableBlock
    }

    /// The table, padded, in guarded memory.
    ///
    /// - Throws: ``VaultError`` `.vaultFull` when the padded table would exceed 4 MiB.
    func encoded(path: String) throws(VaultError) -> SecretBytes {
        let length = encodedLength
        let padded = Self.paddedLength(length)
        guard padded <= VaultLimits.maxPaddedTable else {
            throw .vaultFull(path, "the encrypted table would exceed \(VaultLimits.maxPaddedTable / 1_048_576) MiB")
        }
        return SecretBytes(count: padded) { buffer in
            var offset = 0
            func put(_ byte: UInt8) { buffer[offset] = byte; offset += 1 }
            func put<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
                LittleEndian.write(value, to: buffer, at: offset)
                offset += MemoryLayout<T>.size
            }
            func put(_ bytes: UnsafeRawBufferPointer) {
                UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + bytes.count]).copyMemory(from: bytes)
                offset += bytes.count
            }
            put(Self.version)
            put(UInt32(entries.count))
            for entry in entries {
                let name = Array(entry.info.name.utf8)
                put(UInt16(name.count))
                name.withUnsafeBytes { put($0) }
                put(entry.info.kind.rawValue)
                put(UInt64(bitPattern: entry.info.created))
                put(UInt64(bitPattern: entry.info.updated))
                put(UInt32(entry.value.count))
                entry.value.withUnsafeBytes { put($0) }
            }
            precondition(offset == length, "table length mismatch")
            var paddedLength = 0
            let status = sodium_pad(&paddedLength, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), length, VaultLimits.tableBlock, padded)
            precondition(status == 0 && paddedLength == padded, "sodium_pad failed")
        }
    }

    // MARK: - Decoding

    /// Parses a decrypted, padded table; every byte must be accounted for.
    ///
    /// Safe on any input: lengths are checked against the buffer before use and nothing is allocated
    /// per entry beyond its metadata.
    ///
    /// - Throws: ``VaultError`` `.malformed` with what is wrong.
    package static func decode(_ padded: SecretBytes, path: String) throws(VaultError) -> VaultTable {
        var unpadded = 0
        let status = padded.withUnsafeBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return -1 }
            return sodium_unpad(&unpadded, base.assumingMemoryBound(to: UInt8.self), bytes.count, VaultLimits.tableBlock)
        }
        guard status == 0 else { throw .malformed(path, "bad padding") }
        let result: Result<[Entry], VaultError> = padded.withUnsafeBytes { all in
            var reader = TableReader(bytes: UnsafeRawBufferPointer(rebasing: all[0..<unpadded]))
            return Result { () throws(VaultError) -> [Entry] in try reader.entries(storage: padded, path: path) }
        }
        return VaultTable(entries: try result.get())
    }
}

/// Reads the unpadded table front to back.
private struct TableReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func entries(storage: SecretBytes, path: String) throws(VaultError) -> [VaultTable.Entry] {
        let version = try integer(UInt8.self, "table_version", path)
        guard version == VaultTable.version else { throw .malformed(path, "table version \(version)") }
        let count = Int(try integer(UInt32.self, "count", path))
        guard count <= VaultLimits.maxEntries else { throw .malformed(path, "\(count) entries, limit \(VaultLimits.maxEntries)") }
        var entries: [VaultTable.Entry] = []
        entries.reserveCapacity(count)
        var previous: [UInt8]?
        for index in 0..<count {
            let nameLength = Int(try integer(UInt16.self, "name_len of entry \(index)", path))
            let name = try slice(nameLength, "name of entry \(index)", path)
            guard VaultName.isValid(ArraySlice(name)) else { throw .malformed(path, "entry \(index) has an invalid name") }
            if let previous, !previous.lexicographicallyPrecedes(name) {
                throw .malformed(path, "entry \(index) is out of order or duplicated")
            }
            previous = name
            let kindByte = try integer(UInt8.self, "kind of entry \(index)", path)
            guard let kind = VaultEntryKind(rawValue: kindByte) else { throw .malformed(path, "entry \(index) has kind \(kindByte)") }
            let created = Int64(bitPattern: try integer(UInt64.self, "created of entry \(index)", path))
            let updated = Int64(bitPattern: try integer(UInt64.self, "updated of entry \(index)", path))
            let valueLength = Int(try integer(UInt32.self, "value_len of entry \(index)", path))
            guard (1...VaultLimits.maxValueLength).contains(valueLength) else {
                throw .malformed(path, "entry \(index) has a \(valueLength)-byte value")
            }
            guard bytes.count - offset >= valueLength else { throw .malformed(path, "value of entry \(index) runs past the end") }
            let range = offset..<offset + valueLength
            offset += valueLength
            let info = VaultEntryInfo(
                name: String(decoding: name, as: UTF8.self), kind: kind, size: valueLength, created: created, updated: updated
            )
            entries.append(VaultTable.Entry(info: info, value: VaultTable.Value(storage: storage, range: range)))
        }
        guard offset == bytes.count else { throw .malformed(path, "\(bytes.count - offset) bytes after the last entry") }
        return entries
    }

    private mutating func integer<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type, _ what: String, _ path: String) throws(VaultError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count - offset >= size else { throw .malformed(path, "\(what) runs past the end") }
        defer { offset += size }
        return LittleEndian.read(T.self, from: bytes, at: offset)
    }

    private mutating func slice(_ count: Int, _ what: String, _ path: String) throws(VaultError) -> [UInt8] {
        guard bytes.count - offset >= count else { throw .malformed(path, "\(what) runs past the end") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
}
