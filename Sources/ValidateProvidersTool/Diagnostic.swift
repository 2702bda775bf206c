import Foundation
import SesameBuiltIns
import SesameCore

/// Compiler-style diagnostics on standard error: `FILE:LINE:COLUMN: error: MESSAGE`.
enum Diagnostic {
    enum Severity: String {
        case error, warning
    }

    static func emit(_ severity: Severity, file: String, at position: JSONSourceMap.Position?, _ message: String) {
        let location = position.map { "\(file):\($0.line):\($0.column)" } ?? file
        FileHandle.standardError.write(Data("\(location): \(severity.rawValue): \(message)\n".utf8))
    }

    /// The position a JSON syntax error names (`… line 5, column 3 …`), if any.
    static func syntaxPosition(in message: String) -> JSONSourceMap.Position? {
        guard let match = message.firstMatch(of: /line (\d+), column (\d+)/),
              let line = Int(match.1), let column = Int(match.2) else { return nil }
        return JSONSourceMap.Position(line: line, column: column)
    }
}
