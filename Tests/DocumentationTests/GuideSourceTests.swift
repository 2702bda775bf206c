import Foundation
import Testing

/// The guides quote code that CI compiles and runs (Fixtures/PluginConsumer). A block preceded by
/// `<!-- source: PATH -->` must equal that file, so the guides cannot drift from working code.
@Suite("Guides quote compiled code verbatim")
struct GuideSourceTests {
    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `(source path, quoted block)` for every marked block of `guide`.
    private static func quotes(in guide: String) -> [(path: String, block: String)] {
        let lines = guide.components(separatedBy: "\n")
        var found: [(String, String)] = []
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard let match = lines[index].firstMatch(of: /^<!-- source: (.+) -->$/) else { continue }
            var body: [String] = []
            var cursor = index + 2 // skip the opening fence
            while cursor < lines.count, !lines[cursor].hasPrefix("```") {
                body.append(lines[cursor])
                cursor += 1
            }
            found.append((String(match.1), body.joined(separator: "\n") + "\n"))
        }
        return found
    }

    @Test("every marked block equals its source file", arguments: ["docs/guides/write-a-provider.md", "docs/guides/write-a-key-store.md"])
    func blocksMatchSources(guide: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(guide), encoding: .utf8)
        let quotes = Self.quotes(in: text)
        #expect(!quotes.isEmpty, "\(guide) quotes no compiled source")
        for quote in quotes {
            let source = try String(contentsOf: Self.root.appendingPathComponent(quote.path), encoding: .utf8)
            #expect(quote.block == source, "\(guide): the block quoting \(quote.path) differs from the file; copy the file into the guide")
        }
    }

    @Test("the block parser finds a marked block and stops at its fence")
    func parser() {
        let guide = "text\n<!-- source: a.swift -->\n```swift\nlet a = 1\nlet b = 2\n```\nmore\n"
        let quotes = Self.quotes(in: guide)
        #expect(quotes.count == 1)
        #expect(quotes.first?.path == "a.swift")
        #expect(quotes.first?.block == "let a = 1\nlet b = 2\n")
    }
}
