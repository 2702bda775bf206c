import SesameCore

/// Finds one variable in `.env` text without copying the text: `KEY=value`, `export KEY=value`,
/// `KEY="multi-line\nvalue"` (escapes `\n`, `\"`, `\\`), `KEY='literal'`, `# comments`.
/// When a key appears more than once, the last definition wins.
enum DotenvParser {
    /// The value of `key` in `contents`, quotes and escapes resolved, in guarded memory; `nil` when
    /// the file does not define it.
    static func value(of key: String, in contents: SecretBytes) -> SecretBytes? {
        var found = true
        let value = contents.transformed(capacity: contents.count) { source, destination in
            guard let length = Self.value(of: key, in: source, into: destination) else {
                found = false
                return 0
            }
            return length
        }
        return found ? value : nil
    }

    /// Writes the value of `key` into `destination` (at least `source.count` bytes) and returns its
    /// length, or `nil` when `key` is not defined.
    static func value(of key: String, in source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Int? {
        let keyBytes = Array(key.utf8)
        var result: Int?
        var index = 0
        if matches([0xEF, 0xBB, 0xBF], in: source, at: 0) { index = 3 }
        while index < source.count {
            skip(spacesIn: source, at: &index)
            if matches(Array("export".utf8), in: source, at: index), index + 6 < source.count,
               source[index + 6] == 0x20 || source[index + 6] == 0x09 {
                index += 7
                skip(spacesIn: source, at: &index)
            }
            let nameStart = index
            while index < source.count, isNameByte(source[index]) { index += 1 }
            let name = UnsafeRawBufferPointer(rebasing: source[nameStart..<index])
            skip(spacesIn: source, at: &index)
            guard !name.isEmpty, index < source.count, source[index] == UInt8(ascii: "=") else {
                skipLine(source, at: &index)
                continue
            }
            index += 1
            let valueStart = index
            skip(spacesIn: source, at: &index)
            // `KEY= # comment` defines an empty value; `KEY=#x` is the value "#x".
            if index > valueStart, index < source.count, source[index] == UInt8(ascii: "#") {
                if name.elementsEqual(keyBytes) { result = 0 }
                skipLine(source, at: &index)
                continue
            }
            if name.elementsEqual(keyBytes) {
                result = readValue(source, at: &index, into: destination)
            } else {
                _ = readValue(source, at: &index, into: nil)
            }
            skipLine(source, at: &index)
        }
        return result
    }

    private static func readValue(_ source: UnsafeRawBufferPointer, at index: inout Int, into destination: UnsafeMutableRawBufferPointer?) -> Int {
        var written = 0
        func emit(_ byte: UInt8) {
            destination?[written] = byte
            written += 1
        }
        guard index < source.count else { return 0 }
        let quote = source[index]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            while index < source.count, source[index] != quote {
                if quote == UInt8(ascii: "\""), source[index] == UInt8(ascii: "\\"), index + 1 < source.count {
                    let next = source[index + 1]
                    switch next {
                    case UInt8(ascii: "n"): emit(0x0A)
                    case UInt8(ascii: "r"): emit(0x0D)
                    case UInt8(ascii: "t"): emit(0x09)
                    default: emit(next)
                    }
                    index += 2
                    continue
                }
                emit(source[index])
                index += 1
            }
            index += 1
            return written
        }
        var lastNonSpace = 0
        while index < source.count, source[index] != 0x0A {
            let byte = source[index]
            if byte == UInt8(ascii: "#"), written > 0, index > 0, source[index - 1] == 0x20 || source[index - 1] == 0x09 { break }
            if byte != 0x0D {
                emit(byte)
                if byte != 0x20 && byte != 0x09 { lastNonSpace = written }
            }
            index += 1
        }
        return lastNonSpace
    }

    private static func skip(spacesIn source: UnsafeRawBufferPointer, at index: inout Int) {
        while index < source.count, source[index] == 0x20 || source[index] == 0x09 { index += 1 }
    }

    private static func skipLine(_ source: UnsafeRawBufferPointer, at index: inout Int) {
        while index < source.count, source[index] != 0x0A { index += 1 }
        index += 1
    }

    private static func matches(_ word: [UInt8], in source: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard index + word.count <= source.count else { return false }
        return word.indices.allSatisfy { source[index + $0] == word[$0] }
    }

    /// Whether `name` can be defined in a `.env` file: 1 or more of `[A-Za-z0-9_.]`.
    static func isVariableName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(isNameByte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }
}
