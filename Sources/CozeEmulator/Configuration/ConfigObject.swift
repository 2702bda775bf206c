/// A JSON object of the emulator's configuration file, read strictly: unknown keys and wrong types are
/// errors that name their JSON path.
struct ConfigObject {
    let members: [String: JSONValue]
    let path: String

    /// Reads `value` as an object whose keys are all in `allowed`.
    init(_ value: JSONValue, path: String, allowed: [String]) throws {
        guard let members = value.object else {
            throw Self.error(at: path, "must be a JSON object, not \(value.typeDescription)")
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            let hint = Self.suggestion(for: key, among: allowed).map { "; did you mean \"\($0)\"?" }
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
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw Self.error(at: path(of: key), "must be a string, not \(other.typeDescription)")
        }
    }

    /// An identifier, which must be a JSON string: a number is refused with the quoted form to use,
    /// since IDs can exceed what a JSON number holds exactly (2^53).
    func identifier(_ key: String) throws -> String? {
        switch members[key] {
        case .integer(let number)?:
            throw Self.error(at: path(of: key), "IDs must be JSON strings; quote it: \"\(number)\"")
        case .number?:
            throw Self.error(at: path(of: key), "IDs must be JSON strings (quoted); a JSON number loses digits")
        default:
            return try string(key)
        }
    }

    /// A boolean, or `nil` when absent or null.
    func bool(_ key: String) throws -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw Self.error(at: path(of: key), "must be true or false, not \(other.typeDescription)")
        }
    }

    /// A non-negative integer, or `nil` when absent or null.
    func count(_ key: String) throws -> Int? {
        switch members[key] {
        case nil, .null?: return nil
        case .integer(let number)? where number >= 0: return number
        case .integer(let number)?: throw Self.error(at: path(of: key), "must be 0 or more, not \(number)")
        case let other?: throw Self.error(at: path(of: key), "must be a whole number, not \(other.typeDescription)")
        }
    }

    /// An array's elements with their JSON paths, or `nil` when absent or null.
    func array(_ key: String) throws -> [(value: JSONValue, path: String)]? {
        switch members[key] {
        case nil, .null?: return nil
        case .array(let elements)?: return elements.enumerated().map { ($0.element, "\(path(of: key))[\($0.offset)]") }
        case let other?: throw Self.error(at: path(of: key), "must be an array, not \(other.typeDescription)")
        }
    }

    /// An array of identifiers (JSON strings), or `nil` when absent.
    func identifiers(_ key: String) throws -> [String]? {
        try array(key)?.map { element in
            switch element.value {
            case .string(let text): return text
            case .integer(let number): throw Self.error(at: element.path, "IDs must be JSON strings; quote it: \"\(number)\"")
            default: throw Self.error(at: element.path, "must be a string ID, not \(element.value.typeDescription)")
            }
        }
    }

    static func error(at path: String, _ message: String) -> CozeEmulatorError {
        let shown = path.isEmpty ? "(top level)" : path
        return CozeEmulatorError(.invalidConfiguration, "\(shown): \(message)", path: shown)
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The allowed key closest to `key` (same letters ignoring case, or at most 2 edits away).
    static func suggestion(for key: String, among allowed: [String]) -> String? {
        if let match = allowed.first(where: { $0.lowercased() == key.lowercased() }) { return match }
        let scored = allowed.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, charA) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, charB) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (charA == charB ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
