/// Where each key and array element of a JSON document starts, by ``ConfigPath``, so that a
/// ``ConfigIssue`` can be reported as `file:line:column` the way compilers and editors expect.
///
/// Built by a tolerant scan: on malformed JSON it keeps the positions found before the break.
public struct JSONSourceMap: Sendable {
    /// A 1-based line and column (columns count UTF-8 bytes).
    public struct Position: Sendable, Hashable, CustomStringConvertible {
        /// The line, from 1.
        public let line: Int
        /// The column, from 1.
        public let column: Int

        /// Creates a position.
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        /// `line:column`.
        public var description: String { "\(line):\(column)" }
    }

    private var positions: [ConfigPath: Position] = [.root: Position(line: 1, column: 1)]

    /// Scans `json` (UTF-8).
    public init(_ json: some Collection<UInt8>) {
        var scanner = Scanner(bytes: Array(json))
        scanner.skipWhitespace()
        positions[.root] = scanner.position
        scanner.value(at: .root, into: &positions)
    }

    /// The position of `path`, or of its nearest ancestor present in the document (a missing
    /// required key is reported where its object starts).
    public func position(of path: ConfigPath) -> Position {
        var current: ConfigPath? = path
        while let candidate = current {
            if let position = positions[candidate] { return position }
            current = candidate.parent
        }
        return Position(line: 1, column: 1)
    }
}

extension JSONSourceMap {
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var lineStart = 0

        var position: Position { Position(line: line, column: index - lineStart + 1) }
        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func advance() {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { advance() }
        }

        /// Scans one value; returns `false` when the document is malformed at this point.
        @discardableResult
        mutating func value(at path: ConfigPath, into positions: inout [ConfigPath: Position]) -> Bool {
            skipWhitespace()
            switch current {
            case UInt8(ascii: "{"):
                return object(at: path, into: &positions)
            case UInt8(ascii: "["):
                return array(at: path, into: &positions)
            case UInt8(ascii: "\""):
                return string() != nil
            case .some:
                while let byte = current, !Self.isDelimiter(byte) { advance() }
                return true
            case nil:
                return false
            }
        }

        private mutating func object(at path: ConfigPath, into positions: inout [ConfigPath: Position]) -> Bool {
            advance()
            while true {
                skipWhitespace()
                if current == UInt8(ascii: "}") { advance(); return true }
                let start = position
                guard current == UInt8(ascii: "\""), let key = string() else { return false }
                positions[path.appending(key)] = positions[path.appending(key)] ?? start
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { return false }
                advance()
                guard value(at: path.appending(key), into: &positions) else { return false }
                skipWhitespace()
                if current == UInt8(ascii: ",") { advance() } else if current != UInt8(ascii: "}") { return false }
            }
        }

        private mutating func array(at path: ConfigPath, into positions: inout [ConfigPath: Position]) -> Bool {
            advance()
            var element = 0
            while true {
                skipWhitespace()
                if current == UInt8(ascii: "]") { advance(); return true }
                positions[path.appending(index: element)] = position
                guard value(at: path.appending(index: element), into: &positions) else { return false }
                element += 1
                skipWhitespace()
                if current == UInt8(ascii: ",") { advance() } else if current != UInt8(ascii: "]") { return false }
            }
        }

        /// Scans a string literal and returns its decoded text (escapes resolved), or `nil` if unterminated.
        private mutating func string() -> String? {
            advance()
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            while let byte = current {
                if byte == UInt8(ascii: "\"") {
                    advance()
                    scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                    return String(scalars)
                }
                if byte == UInt8(ascii: "\\") {
                    scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                    raw.removeAll()
                    advance()
                    guard let escaped = current else { return nil }
                    advance()
                    switch escaped {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "u"):
                        var hex = ""
                        for _ in 0..<4 {
                            guard let digit = current else { return nil }
                            hex.append(Character(Unicode.Scalar(digit)))
                            advance()
                        }
                        // Surrogate pairs are rare in providers.json keys; an unpaired one maps to U+FFFD.
                        scalars.append(UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) ?? "\u{FFFD}")
                    default: scalars.append(Unicode.Scalar(escaped))
                    }
                    continue
                }
                raw.append(byte)
                advance()
            }
            return nil
        }

        private static func isDelimiter(_ byte: UInt8) -> Bool {
            [UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(byte)
        }
    }
}
