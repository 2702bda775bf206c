import Foundation

/// A DER value as a tree, to change one field of a real openssl-written structure and write it back
/// with every enclosing length fixed. Only what the tests need: one-byte tags, definite lengths.
indirect enum DERTree: Equatable, Sendable {
    case primitive(tag: UInt8, bytes: [UInt8])
    case constructed(tag: UInt8, children: [DERTree])

    enum Failure: Error { case truncated, unsupported, noSuchPath }

    /// Parses exactly one value filling `bytes`.
    init(parsing bytes: [UInt8]) throws {
        var offset = 0
        self = try Self.parse(bytes, &offset)
        guard offset == bytes.count else { throw Failure.unsupported }
    }

    /// The DER encoding.
    var bytes: [UInt8] {
        switch self {
        case .primitive(let tag, let content): Self.encode(tag, content)
        case .constructed(let tag, let children): Self.encode(tag, children.flatMap(\.bytes))
        }
    }

    /// The value at `path` (child indexes from this value) replaced by `change(value)`; an index one
    /// past the last child inserts there (`change` gets an empty SEQUENCE).
    func replacing(_ path: [Int], _ change: (DERTree) throws -> DERTree) throws -> DERTree {
        guard let index = path.first else { return try change(self) }
        guard case .constructed(let tag, var children) = self, index <= children.count else { throw Failure.noSuchPath }
        if index == children.count {
            guard path.count == 1 else { throw Failure.noSuchPath }
            children.append(try change(.constructed(tag: 0x30, children: [])))
        } else {
            children[index] = try children[index].replacing(Array(path.dropFirst()), change)
        }
        return .constructed(tag: tag, children: children)
    }

    /// The value at `path`.
    func value(at path: [Int]) throws -> DERTree {
        guard let index = path.first else { return self }
        guard case .constructed(_, let children) = self, children.indices.contains(index) else { throw Failure.noSuchPath }
        return try children[index].value(at: Array(path.dropFirst()))
    }

    /// An INTEGER holding `value` (big-endian two's complement, shortest form).
    static func integer(_ value: Int64) -> DERTree {
        var bytes = withUnsafeBytes(of: value.bigEndian, Array.init)
        while bytes.count > 1, (bytes[0] == 0 && bytes[1] & 0x80 == 0) || (bytes[0] == 0xFF && bytes[1] & 0x80 != 0) {
            bytes.removeFirst()
        }
        return .primitive(tag: 0x02, bytes: bytes)
    }

    /// An INTEGER of `count` bytes of 0x7F, 0xFF...: a positive number far past 64 bits.
    static func hugeInteger(bytes count: Int) -> DERTree {
        .primitive(tag: 0x02, bytes: [0x7F] + [UInt8](repeating: 0xFF, count: count - 1))
    }

    /// An OCTET STRING of `count` bytes.
    static func octetString(count: Int) -> DERTree {
        .primitive(tag: 0x04, bytes: [UInt8](repeating: 0xA5, count: count))
    }

    private static func parse(_ bytes: [UInt8], _ offset: inout Int) throws -> DERTree {
        guard offset + 2 <= bytes.count else { throw Failure.truncated }
        let tag = bytes[offset]
        guard tag & 0x1F != 0x1F else { throw Failure.unsupported }
        var length = Int(bytes[offset + 1])
        offset += 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count > 0, count <= 4, offset + count <= bytes.count else { throw Failure.unsupported }
            length = bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
            offset += count
        }
        guard offset + length <= bytes.count else { throw Failure.truncated }
        let end = offset + length
        guard tag & 0x20 != 0 else {
            defer { offset = end }
            return .primitive(tag: tag, bytes: Array(bytes[offset..<end]))
        }
        var children: [DERTree] = []
        while offset < end { children.append(try parse(bytes, &offset)) }
        guard offset == end else { throw Failure.truncated }
        return .constructed(tag: tag, children: children)
    }

    private static func encode(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        let count = content.count
        guard count >= 0x80 else { return [tag, UInt8(count)] + content }
        var length = withUnsafeBytes(of: UInt32(count).bigEndian, Array.init)
        while length.first == 0 { length.removeFirst() }
        return [tag, 0x80 | UInt8(length.count)] + length + content
    }
}
