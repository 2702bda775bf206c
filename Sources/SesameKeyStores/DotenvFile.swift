import SesameCore

/// The variables of a `.env` file, read with ``DotenvParser`` (the parser the `dotenv` store uses),
/// for tools that import settings from it. Values are returned for non-secret settings only; the
/// caller decides which those are.
package struct DotenvFile: Sendable {
    private let contents: SecretBytes

    /// Reads the file at `path` (any mode: importing does not serve the secrets).
    ///
    /// - Throws: ``KeyStoreError`` when it cannot be read.
    package init(path: String) throws {
        contents = try SecretFile.read(path, what: ".env file", allowInsecurePermissions: true)
    }

    /// Wraps `contents`.
    package init(contents: SecretBytes) {
        self.contents = contents
    }

    /// Every variable the file defines, in order of first definition.
    package var names: [String] {
        // A line scan proposes names; the parser confirms each, so that lines inside a quoted
        // multi-line value (a PEM body) are never taken for definitions.
        var candidates: [String] = []
        contents.withUnsafeBytes { bytes in
            for line in bytes.split(separator: 0x0A) {
                var text = Substring(String(decoding: line, as: UTF8.self))
                text = text.drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
                if text.hasPrefix("export ") || text.hasPrefix("export\t") { text = text.dropFirst(7).drop { $0 == " " || $0 == "\t" } }
                let name = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
                let rest = text.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
                if !name.isEmpty, rest.hasPrefix("="), !candidates.contains(String(name)) { candidates.append(String(name)) }
            }
        }
        return candidates.filter { value(of: $0) != nil }
    }

    /// The value of `name` as the `dotenv` store reads it (quotes and escapes resolved), or `nil`.
    package func value(of name: String) -> String? {
        DotenvParser.value(of: name, in: contents).map { value in value.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
    }
}
