/// A strict RFC 8259 parser into ``JSONValue``, for every JSON document Sesame reads from a user or a
/// peer (the registry, the emulator's configuration and requests, JWT headers and claims).
///
/// Strict where Foundation's decoder is lenient, because a lenient reading is one an attacker or a
/// typo can exploit: a key repeated in one object is an error (Foundation keeps the first, jq, Python
/// and JavaScript the last, so `"alg":"RS256","alg":"none"` meant different things to different
/// readers); a trailing comma, a comment, a leading zero, an unpaired surrogate, a control character
/// in a string and anything after the document are errors. Nesting is bounded by ``maxDepth``.
/// Numbers keep their text, so large integers are not rounded.
package struct JSONParser {
    /// Where and why a document is not strict JSON.
    package struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, e.g. `duplicate key "alg"`.
        package let reason: String
        /// Whether the document repeats a key in one object (otherwise it is malformed).
        package var isDuplicateKey = false
        /// 1-based line of the offending byte.
        package let line: Int
        /// 1-based column (in bytes) of the offending byte.
        package let column: Int

        /// `REASON at line L, column C`.
        package var description: String { "\(reason) at line \(line), column \(column)" }
    }

    /// The deepest nesting of arrays and objects accepted.
    package static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    /// Parses `bytes` as exactly one JSON document (surrounding whitespace allowed).
    package static func parse(_ bytes: some Sequence<UInt8>) throws(SyntaxError) -> JSONValue {
        try parse(Array(bytes))
    }

    /// Parses `bytes` as exactly one JSON document (surrounding whitespace allowed).
    ///
    /// The concrete form of ``parse(_:)-(Sequence<UInt8>)``: a caller in another module holding an
    /// array reaches the parser without a generic copy (the emulator parses two documents per request).
    package static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.failure("unexpected text after the JSON document") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: - Values

    private mutating func value() throws(SyntaxError) -> JSONValue {
        guard let byte = peek() else { throw failure("unexpected end of input; expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("unexpected character \(Self.show(byte)); expected a value")
        }
    }

    private mutating func object() throws(SyntaxError) -> JSONValue {
        try enter()
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw failure(peek() == UInt8(ascii: "}") ? "trailing comma before }" : "expected a key in double quotes")
            }
            let keyStart = index
            let key = try string()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected : after the key \"\(key)\"") }
            index += 1
            skipWhitespace()
            let member = try value()
            guard members.updateValue(member, forKey: key) == nil else {
                index = keyStart
                throw duplicate(key)
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            default: throw failure("expected , or } after a member")
            }
        }
    }

    private mutating func array() throws(SyntaxError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { throw failure("trailing comma before ]") }
            elements.append(try value())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default: throw failure("expected , or ] after an element")
            }
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw failure("nested more than \(Self.maxDepth) levels deep") }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        for expected in word.utf8 {
            guard peek() == expected else { throw failure("invalid literal; expected \(word)") }
            index += 1
        }
    }

    // MARK: - Numbers and strings

    private mutating func number() throws(SyntaxError) -> String {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
            if let next = peek(), Self.isDigit(next) { throw failure("leading zero in a number") }
        } else {
            guard try digits() > 0 else { throw failure("expected a digit") }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard try digits() > 0 else { throw failure("expected a digit after the decimal point") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard try digits() > 0 else { throw failure("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func digits() throws(SyntaxError) -> Int {
        var count = 0
        while let byte = peek(), Self.isDigit(byte) {
            index += 1
            count += 1
        }
        return count
    }

    private mutating func string() throws(SyntaxError) -> String {
        index += 1
        let start = index
        // Most strings have no escape: they become a String straight from their bytes.
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\""):
                let text = try validated(from: start)
                index += 1
                return text
            case UInt8(ascii: "\\"):
                return try escapedString(from: start)
            case 0x00..<0x20:
                throw failure("control character \(Self.show(byte)) in a string; escape it")
            default:
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    /// The rest of a string that holds an escape, `start` being its first byte and `index` the first
    /// backslash: its UTF-8 is collected, runs checked as they end, and decoded once.
    private mutating func escapedString(from start: Int) throws(SyntaxError) -> String {
        var utf8: [UInt8] = []
        var runStart = start
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                try appendRun(from: runStart, to: &utf8)
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendRun(from: runStart, to: &utf8)
                index += 1
                utf8.append(contentsOf: UTF8.encode(try escape())!)
                runStart = index
            case 0x00..<0x20:
                throw failure("control character \(Self.show(byte)) in a string; escape it")
            default:
                index += 1
            }
        }
    }

    /// The bytes from `start` to `index` as a String; they must be valid UTF-8.
    private mutating func validated(from start: Int) throws(SyntaxError) -> String {
        let text = bytes.withUnsafeBufferPointer { buffer in
            let run = UnsafeBufferPointer(rebasing: buffer[start..<index])
            // ASCII needs no validation; String(validating:) looks up generic metadata on every call.
            return run.allSatisfy { $0 < 0x80 } ? String(decoding: run, as: UTF8.self) : String(validating: run, as: UTF8.self)
        }
        guard let text else {
            index = start
            throw failure("invalid UTF-8 in a string")
        }
        return text
    }

    /// Appends the unescaped bytes since `start`, which must be valid UTF-8.
    private mutating func appendRun(from start: Int, to utf8: inout [UInt8]) throws(SyntaxError) {
        guard start < index else { return }
        _ = try validated(from: start)
        utf8.append(contentsOf: bytes[start..<index])
    }

    private mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
        guard let byte = peek() else { throw failure("unterminated escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try hex4()
            if (0xD800...0xDBFF).contains(first) {
                guard peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("unpaired surrogate \\u\(String(first, radix: 16))")
                }
                index += 2
                let second = try hex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw failure("unpaired surrogate \\u\(String(first, radix: 16))") }
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(first) else { throw failure("unpaired surrogate \\u\(String(first, radix: 16))") }
            return scalar
        default:
            index -= 1
            throw failure("invalid escape \\\(Self.show(byte))")
        }
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Self.hexValue(byte) else { throw failure("expected four hex digits after \\u") }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    // MARK: - Bytes

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func failure(_ reason: String) -> SyntaxError {
        var line = 1
        var lineStart = 0
        for offset in 0..<min(index, bytes.count) where bytes[offset] == 0x0A {
            line += 1
            lineStart = offset + 1
        }
        return SyntaxError(reason: reason, line: line, column: index - lineStart + 1)
    }

    private func duplicate(_ key: String) -> SyntaxError {
        var error = failure("duplicate key \"\(key)\"")
        error.isDuplicateKey = true
        return error
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A byte for a message: the character when printable ASCII, else its code.
    private static func show(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16, uppercase: true)
    }
}
