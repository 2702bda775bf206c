import Foundation
import Testing

/// Checks that nothing an error can print shows key material or a passphrase: its `description`,
/// its `debugDescription` and a `dump` (which also walks `underlying` errors).
///
/// - Parameters:
///   - extraSecrets: secrets of the test itself (a generated key's base64 lines, its own passphrase).
///   - templates: exact fragments of fixed help text to disregard before looking for `BEGIN`.
func expectNoSecrets(
    in error: any Error,
    extraSecrets: [String] = [],
    ignoringTemplates templates: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let secrets = try KeyFixtures.shared().secrets + extraSecrets
    var dumped = ""
    dump(error, to: &dumped)
    for var text in [String(describing: error), String(reflecting: error), dumped] {
        for template in templates {
            // `dump` prints strings escaped, so the template appears in both spellings.
            let escaped = String(String(reflecting: template).dropFirst().dropLast())
            text = text.replacingOccurrences(of: template, with: "").replacingOccurrences(of: escaped, with: "")
        }
        #expect(!text.contains("BEGIN"), "error text shows a PEM marker: \(text)", sourceLocation: sourceLocation)
        let leaked = secrets.filter { text.contains($0) }.count
        #expect(leaked == 0, "error text contains \(leaked) secret fragment(s)", sourceLocation: sourceLocation)
    }
}

/// An environment with nothing in it.
let emptyEnvironment: @Sendable (String) -> String? = { _ in nil }

/// An environment holding exactly `variables`.
func environment(_ variables: [String: String]) -> @Sendable (String) -> String? {
    { variables[$0] }
}
