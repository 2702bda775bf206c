import Foundation

/// A parsed JSON value, as read from `providers.json` (and, in-package, from the emulator's requests
/// and configuration file).
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as its decimal text so that large integers are not rounded.
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// The JSON type name used in error messages: "a string", "a number", ...
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: Decodable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(String(value))
        } else if let value = try? container.decode(UInt64.self) {
            self = .number(String(value))
        } else if let value = try? container.decode(Double.self) {
            self = .number(String(value))
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

extension JSONValue {
    /// Parses `bytes` as one strict JSON document (``JSONParser``); `nil` when it is not one.
    package static func parse(_ bytes: some Sequence<UInt8>) -> JSONValue? {
        try? JSONParser.parse(bytes)
    }

    /// The members, when this is an object.
    package var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, when this is an array.
    package var array: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The text, when this is a string.
    package var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value, when this is a boolean.
    package var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The value, when this is a whole number that fits in `Int`: a JSON type check (`900` is an
    /// integer; `900.5`, `"900"` and `9223372036854775808` are not).
    package var integer: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }
}
