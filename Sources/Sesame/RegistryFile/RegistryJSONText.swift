import Foundation
import SesameCore

/// `providers.json` text for registry values: two-space indentation, keys in the order people read
/// them (`type` first, then where, then what), the rest sorted.
enum RegistryJSONText {
    private static let leadingKeys = ["version", "type", "region", "baseURL", "appId", "keyId", "privateKey", "token", "store", "name", "path", "directory", "keyStores", "providers"]

    /// `value` as JSON text, its first line unindented and the others indented by `indent`.
    static func render(_ value: JSONValue, indent: String = "") -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return quote(text)
        case .array(let items):
            if items.isEmpty { return "[]" }
            let inner = indent + "  "
            return "[\n" + items.map { inner + render($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            let inner = indent + "  "
            return "{\n" + orderedKeys(fields).map { inner + member($0, fields[$0]!, indent: inner) }.joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    /// `"key": value`, the value rendered at `indent`.
    static func member(_ key: String, _ value: JSONValue, indent: String) -> String {
        "\(quote(key)): \(render(value, indent: indent))"
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    private static func orderedKeys(_ fields: [String: JSONValue]) -> [String] {
        fields.keys.sorted { lhs, rhs in
            let left = leadingKeys.firstIndex(of: lhs) ?? Int.max
            let right = leadingKeys.firstIndex(of: rhs) ?? Int.max
            return left == right ? lhs < rhs : left < right
        }
    }
}
