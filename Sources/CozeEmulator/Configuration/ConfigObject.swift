import SesameCore

/// A JSON object of the emulator's configuration file, read strictly: unknown keys and wrong types are
/// errors that name their JSON path.
struct ConfigObject {
    let members: [String: JSONValue]
    let path: String

    /// Reads `value` as an object whose keys are all in `allowed`.
    ///
    /// An unknown key gets the registry's "did you mean" (``Suggestion``), else the list of allowed keys.
    init(_ value: JSONValue, path: String, allowed: [String]) throws {
        guard let members = value.object else {
            throw Self.error(at: path, "must be a JSON object, not \(value.typeDescription)")
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            let hint = Suggestion.closest(to: key, in: allowed).map { "; did you mean \"\($0)\"?" }
                ?? "; allowed keys: \(allowed.joined(separator: ", "))"
            throw Self.error(at: Self.join(path, key), "unknown key\(hint)")
        }
        self.members = members
        self.path = path
    }

    /// The JSON path of `key` in this object.
    func path(of key: String) -> String { Self.join(path, key) }

    /// A string, or `nil` when absent or null.
    func string(_ key: String) throws -> String? {
        try value(key, expected: "a string", \.string)
    }

    /// An identifier, which must be a JSON string: a number is refused with the quoted form to use,
    /// since IDs can exceed what a JSON number holds exactly (2^53).
    func identifier(_ key: String) throws -> String? {
        if let value = members[key], case .number = value {
            let message = value.integer.map { "IDs must be JSON strings; quote it: \"\($0)\"" }
                ?? "IDs must be JSON strings (quoted); a JSON number loses digits"
            throw Self.error(at: path(of: key), message)
        }
        return try string(key)
    }

    /// A boolean, or `nil` when absent or null.
    func bool(_ key: String) throws -> Bool? {
        try value(key, expected: "true or false", \.bool)
    }

    /// A non-negative integer, or `nil` when absent or null.
    func count(_ key: String) throws -> Int? {
        guard let number = try value(key, expected: "a whole number", \.integer) else { return nil }
        guard number >= 0 else { throw Self.error(at: path(of: key), "must be 0 or more, not \(number)") }
        return number
    }

    /// An array's elements with their JSON paths, or `nil` when absent or null.
    func array(_ key: String) throws -> [(value: JSONValue, path: String)]? {
        try value(key, expected: "an array", \.array)?.enumerated().map { ($0.element, "\(path(of: key))[\($0.offset)]") }
    }

    /// An array of identifiers (JSON strings), or `nil` when absent.
    func identifiers(_ key: String) throws -> [String]? {
        try array(key)?.map { element in
            if let number = element.value.integer {
                throw Self.error(at: element.path, "IDs must be JSON strings; quote it: \"\(number)\"")
            }
            guard let text = element.value.string else {
                throw Self.error(at: element.path, "must be a string ID, not \(element.value.typeDescription)")
            }
            return text
        }
    }

    static func error(at path: String, _ message: String) -> CozeEmulatorError {
        let shown = path.isEmpty ? "(top level)" : path
        return CozeEmulatorError(.invalidConfiguration, "\(shown): \(message)", path: shown)
    }

    /// The value at `key` read by `read`, `nil` when absent or null; any other JSON type is an error
    /// saying what was `expected`.
    private func value<T>(_ key: String, expected: String, _ read: (JSONValue) -> T?) throws -> T? {
        guard let value = members[key], value != .null else { return nil }
        guard let result = read(value) else {
            throw Self.error(at: path(of: key), "must be \(expected), not \(value.typeDescription)")
        }
        return result
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
