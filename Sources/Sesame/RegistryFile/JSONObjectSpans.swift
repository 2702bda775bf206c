import Foundation

/// Where the members of a JSON object are in its text, so that a member can be added without
/// rewriting (and reformatting) anything else. Works on a document already known to be valid JSON.
struct JSONObjectSpans {
    /// One member: its key, and its value's bytes `start..<end`.
    struct Member {
        let key: String
        let keyStart: Int
        let start: Int
        let end: Int
    }

    /// The index of the object's `{`.
    let open: Int
    /// The index of its `}`.
    let close: Int
    /// Its members in order.
    let members: [Member]

    /// The object whose `{` is at `open` in `bytes`; `nil` when there is no object there.
    init?(_ bytes: [UInt8], at open: Int) {
        guard open < bytes.count, bytes[open] == UInt8(ascii: "{") else { return nil }
        var scanner = Scanner(bytes: bytes, index: open + 1)
        var members: [Member] = []
        while true {
            scanner.skipWhitespace()
            guard let byte = scanner.current else { return nil }
            if byte == UInt8(ascii: "}") { break }
            if byte == UInt8(ascii: ",") { scanner.index += 1; continue }
            let keyStart = scanner.index
            guard byte == UInt8(ascii: "\""), scanner.skipString() else { return nil }
            guard let key = try? JSONDecoder().decode(String.self, from: Data(bytes[keyStart..<scanner.index])) else { return nil }
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: ":") else { return nil }
            scanner.index += 1
            scanner.skipWhitespace()
            let start = scanner.index
            guard scanner.skipValue() else { return nil }
            members.append(Member(key: key, keyStart: keyStart, start: start, end: scanner.index))
        }
        self.open = open
        self.close = scanner.index
        self.members = members
    }

    /// The member called `key`, the last one when it repeats (as JSON decoders read it).
    func member(_ key: String) -> Member? {
        members.last { $0.key == key }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index: Int

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func skipString() -> Bool {
            index += 1
            while let byte = current {
                index += 1
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { return true }
            }
            return false
        }

        mutating func skipValue() -> Bool {
            guard let byte = current else { return false }
            if byte == UInt8(ascii: "\"") { return skipString() }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                var depth = 0
                while let next = current {
                    if next == UInt8(ascii: "\"") {
                        guard skipString() else { return false }
                        continue
                    }
                    if next == UInt8(ascii: "{") || next == UInt8(ascii: "[") { depth += 1 }
                    if next == UInt8(ascii: "}") || next == UInt8(ascii: "]") { depth -= 1 }
                    index += 1
                    if depth == 0 { return true }
                }
                return false
            }
            while let next = current, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(next) { index += 1 }
            return true
        }
    }
}
