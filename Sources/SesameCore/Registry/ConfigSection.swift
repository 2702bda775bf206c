import Foundation

/// One JSON object of `providers.json` (a provider, a key store, or a nested object), read strictly.
///
/// Factories read their settings through the typed accessors. A value of the wrong type, a missing
/// required key or an out-of-range number is recorded as a ``ConfigIssue`` with its JSON path and
/// the accessor returns `nil`; the factory carries on so that every problem is reported at once.
/// After the factory returns, every key it did not ask for is reported as unknown, with a
/// "did you mean" drawn from the keys it did ask for.
///
/// Not thread-safe: used synchronously while a registry is built.
public final class ConfigSection {
    /// Where this object is in the file.
    public let path: ConfigPath
    /// The folder relative paths resolve against (the registry file's folder).
    public let directory: String
    private let fields: [String: JSONValue]
    /// Where values come from instead of `fields`, for a registry read from a configuration system.
    let lookup: (any ConfigLookup)?
    private let builder: RegistryBuilder
    private var asked: Set<String> = []

    init(path: ConfigPath, fields: [String: JSONValue], builder: RegistryBuilder) {
        self.path = path
        self.fields = fields
        self.lookup = nil
        self.directory = builder.directory
        self.builder = builder
    }

    init(path: ConfigPath, lookup: any ConfigLookup, builder: RegistryBuilder) {
        self.path = path
        self.fields = [:]
        self.lookup = lookup
        self.directory = builder.directory
        self.builder = builder
    }

    /// The keys present in this object (for a registry read from a configuration system, the names
    /// the caller gave).
    public var keys: [String] { lookup.map { $0.names.sorted() } ?? fields.keys.sorted() }

    /// Whether `key` is present (and marks it as known).
    public func contains(_ key: String) -> Bool {
        asked.insert(key)
        return peek(key, .any) != nil
    }

    /// Records a problem at `key` (or at this object when `key` is `nil`).
    public func report(_ key: String?, _ message: String) {
        builder.issues.append(ConfigIssue(path: key.map(path.appending) ?? path, message: message))
    }

    /// Marks keys as known without reading them (keys read by other code).
    public func allow(_ keys: String...) {
        asked.formUnion(keys)
    }

    // MARK: - Scalars

    /// A string, or `nil` when absent or invalid. `required` reports a missing key; empty strings are
    /// refused unless `allowEmpty`.
    public func string(_ key: String, required: Bool = false, allowEmpty: Bool = false) -> String? {
        guard let value = value(key, required: required, expected: "a string", kind: .string) else { return nil }
        guard case .string(let string) = value else {
            return mismatch(key, value, expected: "a string")
        }
        if string.isEmpty && !allowEmpty {
            report(key, "must not be empty")
            return nil
        }
        return string
    }

    /// An identifier such as an app or account ID: a JSON string. A number is refused with the fix,
    /// because IDs can exceed 2^53 and lose digits as JSON numbers.
    public func identifier(_ key: String, required: Bool = false) -> String? {
        if case .number(let digits) = peek(key, .string) {
            asked.insert(key)
            let example = digits.allSatisfy(\.isNumber) ? "write \"\(digits)\" in quotes" : "write the ID in quotes, exactly as the console shows it"
            report(key, "IDs must be JSON strings; \(example) (IDs can exceed 2^53 and lose digits as numbers)")
            return nil
        }
        guard let id = string(key, required: required) else { return nil }
        if id != id.trimmingCharacters(in: .whitespacesAndNewlines) {
            report(key, "has leading or trailing whitespace; remove it")
            return nil
        }
        return id
    }

    /// An integer, checked against `range` when given.
    public func integer(_ key: String, required: Bool = false, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let value = value(key, required: required, expected: "an integer", kind: .integer) else { return nil }
        guard case .number(let text) = value else { return mismatch(key, value, expected: "an integer") }
        guard let number = Int(text) else {
            report(key, "must be a whole number, got \(text)")
            return nil
        }
        if let range, !range.contains(number) {
            report(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            return nil
        }
        return number
    }

    /// A boolean.
    public func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key, required: required, expected: "true or false", kind: .bool) else { return nil }
        guard case .bool(let bool) = value else { return mismatch(key, value, expected: "true or false") }
        return bool
    }

    /// A string that must be one of `choices` (case-sensitive), with a "did you mean" otherwise.
    public func choice(_ key: String, from choices: [String], required: Bool = false) -> String? {
        guard let string = string(key, required: required) else { return nil }
        guard choices.contains(string) else {
            let known = choices.map { "\"\($0)\"" }.joined(separator: ", ")
            report(key, "unknown value \(builder.secrets.quoted(string))\(Suggestion.hint(for: string, in: choices)) (expected one of \(known))")
            return nil
        }
        return string
    }

    /// An array of non-empty strings.
    public func strings(_ key: String, required: Bool = false, allowEmptyArray: Bool = false) -> [String]? {
        guard let value = value(key, required: required, expected: "an array of strings", kind: .strings) else { return nil }
        guard case .array(let items) = value else { return mismatch(key, value, expected: "an array of strings") }
        if items.isEmpty && !allowEmptyArray {
            report(key, "must list at least one value")
            return nil
        }
        var strings: [String] = []
        var valid = true
        for (index, item) in items.enumerated() {
            let itemPath = path.appending(key).appending(index: index)
            switch item {
            case .string(let string) where !string.isEmpty:
                strings.append(string)
            case .string:
                builder.issues.append(ConfigIssue(path: itemPath, message: "must not be empty"))
                valid = false
            case .number(let digits):
                builder.issues.append(ConfigIssue(path: itemPath, message: "must be a string; write \"\(digits)\" in quotes"))
                valid = false
            default:
                builder.issues.append(ConfigIssue(path: itemPath, message: "expected a string, got \(item.typeDescription)"))
                valid = false
            }
        }
        return valid ? strings : nil
    }

    /// The JSON value at `key` as written, or `nil` when it is absent or `null`; marks the key as known.
    ///
    /// For settings that accept more than one shape, such as a string or an array of strings: look at
    /// the value's case, then read it with the typed accessor that fits, or ``report(_:_:)`` the
    /// problem. Nothing is reported here.
    public func rawValue(_ key: String) -> JSONValue? {
        asked.insert(key)
        guard let value = peek(key, .any), value != .null else { return nil }
        return value
    }

    // MARK: - Structured values

    /// A nested object, read strictly like this one.
    public func section(_ key: String, required: Bool = false) -> ConfigSection? {
        if let lookup {
            asked.insert(key)
            return builder.section(at: path.appending(key), lookup: lookup.child(key), required: required || lookup.names.contains(key))
        }
        guard let value = value(key, required: required, expected: "an object", kind: .any) else { return nil }
        guard case .object(let fields) = value else { return mismatch(key, value, expected: "an object") }
        return builder.section(at: path.appending(key), fields)
    }

    /// A file system path: `~` expands to the home folder; a relative path resolves against the
    /// registry file's folder.
    public func filePath(_ key: String, required: Bool = false) -> String? {
        string(key, required: required).map { resolvePath($0) }
    }

    /// Resolves `path` like ``filePath(_:required:)``.
    public func resolvePath(_ path: String) -> String {
        PathResolver.resolve(path, relativeTo: directory, home: builder.context.homeDirectory)
    }

    /// An absolute `https` URL without a trailing slash; `http` only to a loopback host (the emulator,
    /// a local proxy) unless the section sets `"allowInsecureHTTP": true`.
    ///
    /// Refused, each with its fix: another scheme, no host, a query or fragment, a user name or
    /// password in the URL (it would travel and be printed with it; the value is never repeated), and
    /// plain `http` to another host (the JWT, client secret and token would cross the network in clear).
    public func url(_ key: String, required: Bool = false) -> String? {
        guard let string = string(key, required: required) else { return nil }
        guard let components = URLComponents(string: string),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else {
            report(key, "must be an absolute http(s) URL such as \"https://auth.example.com/token\", got \(builder.secrets.quoted(string))")
            return nil
        }
        guard components.user == nil, components.password == nil else {
            report(key, "must not carry a user name or password (user:password@host): it would be sent and printed with the URL; keep credentials in a key store")
            return nil
        }
        guard components.query == nil, components.fragment == nil else {
            report(key, "must not have a query or fragment")
            return nil
        }
        if scheme == "http", !Self.isLoopback(host), bool("allowInsecureHTTP") != true {
            report(key, "uses http:// to \(host), which sends credentials and tokens in clear; use https://, or set \"allowInsecureHTTP\": true for a host on a network you trust (a test emulator in CI)")
            return nil
        }
        return string.hasSuffix("/") ? String(string.dropLast()) : string
    }

    /// `localhost`, `127.0.0.0/8` and `::1`.
    private static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return name == "localhost" || name == "::1" || name.hasPrefix("127.")
    }

    /// A reference to a secret in a declared key store: `{ "store": "files", "name": "coze-cn.pem" }`.
    public func keyReference(_ key: String, required: Bool = false) -> KeyReference? {
        guard let reference = section(key, required: required) else { return nil }
        let storeName = reference.string("store", required: true)
        let name = reference.string("name", required: true)
        guard let storeName, let name else { return nil }
        guard builder.declaredKeyStores.contains(storeName) || builder.declareKeyStoreOnDemand(storeName) else {
            let declared = builder.declaredKeyStores.sorted()
            let list = declared.isEmpty ? "none are declared; add one under \"keyStores\"" : "declared: " + declared.joined(separator: ", ")
            reference.report("store", "unknown key store \(builder.secrets.quoted(storeName))\(Suggestion.hint(for: storeName, in: declared)) (\(list))")
            return nil
        }
        // A store that failed to build has its own issues already; no cascade.
        guard let store = builder.keyStores[storeName] else { return nil }
        if let problem = store.entryNameProblem(name) {
            reference.report("name", problem)
            return nil
        }
        builder.storeReferences.append((from: reference.path, store: storeName))
        return KeyReference(storeName: storeName, name: name, store: store)
    }

    /// The environment the registry is being built in.
    public var context: RegistryContext { builder.context }

    // MARK: - Internals

    private func value(_ key: String, required: Bool, expected: String, kind: ConfigLookupKind) -> JSONValue? {
        asked.insert(key)
        guard let value = peek(key, kind), value != .null else {
            if required { report(key, "missing; expected \(expected)") }
            return nil
        }
        return value
    }

    /// The value at `key` without marking it; from a lookup, checked for pasted secrets as it is read
    /// (a JSON file is checked whole before the build).
    /// Every value found is recorded for the configuration fingerprint of the provider it belongs to.
    private func peek(_ key: String, _ kind: ConfigLookupKind) -> JSONValue? {
        let value: JSONValue?
        if let lookup {
            value = lookup.value(key, as: kind)
            if let value { builder.issues += builder.secrets.issues(in: value, at: path.appending(key)) }
        } else {
            value = fields[key]
        }
        if let value { builder.valuesRead[path.appending(key)] = value }
        return value
    }

    private func mismatch<T>(_ key: String, _ value: JSONValue, expected: String) -> T? {
        report(key, "expected \(expected), got \(value.typeDescription)")
        return nil
    }

    /// Stops reporting unknown keys here (the section's type is unknown, so its keys are unknowable).
    func ignoreUnknownKeys() {
        asked.formUnion(fields.keys)
    }

    /// Reports every key nobody asked for.
    func reportUnknownKeys() {
        for key in fields.keys.sorted() where !asked.contains(key) {
            report(key, "unknown key\(Suggestion.hint(for: key, in: asked))")
        }
    }
}
