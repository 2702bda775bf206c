import Foundation
import SesameCore

/// A compiler-style diagnostic: `FILE:LINE:COLUMN: error: MESSAGE`, which SwiftPM, Xcode and editors
/// show on the line it names.
struct Diagnostic: Equatable, CustomStringConvertible {
    enum Severity: String {
        case error, warning
    }

    let severity: Severity
    let file: String
    let position: JSONSourceMap.Position?
    let message: String

    var description: String {
        let location = position.map { "\(file):\($0.line):\($0.column)" } ?? file
        return "\(location): \(severity.rawValue): \(message)"
    }

    /// The position a JSON syntax error names (`… line 5, column 3 …`), if any.
    static func syntaxPosition(in message: String) -> JSONSourceMap.Position? {
        guard let match = message.firstMatch(of: /line (\d+), column (\d+)/),
              let line = Int(match.1), let column = Int(match.2) else { return nil }
        return JSONSourceMap.Position(line: line, column: column)
    }
}
