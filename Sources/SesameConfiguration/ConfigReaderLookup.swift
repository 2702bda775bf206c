import Configuration
import SesameCore
import Synchronization

/// A ``ConfigLookup`` over a swift-configuration `ConfigReader`: one object of the registry at the
/// key `components`, values read with the reader's typed getters.
final class ConfigReaderLookup: ConfigLookup {
    /// The key paths at which a value was found, shared by every lookup of one build.
    final class Found: Sendable {
        private let paths = Mutex<[[String]]>([])
        func insert(_ path: [String]) { paths.withLock { $0.append(path) } }
        func any(under prefix: [String]) -> Bool { paths.withLock { $0.contains { $0.starts(with: prefix) } } }
    }

    private let reader: ConfigReader
    private let components: [String]
    private let found: Found
    let names: [String]
    private let childNames: [String: [String]]

    /// The registry object at `components`; `childNames` gives the names of members that cannot be
    /// listed (`providers`, `keyStores`).
    init(reader: ConfigReader, components: [String], found: Found = Found(), names: [String] = [], childNames: [String: [String]] = [:]) {
        self.reader = reader
        self.components = components
        self.found = found
        self.names = names
        self.childNames = childNames
    }

    var foundAny: Bool { found.any(under: components) }

    func child(_ key: String) -> any ConfigLookup {
        ConfigReaderLookup(reader: reader, components: components + [key], found: found, names: childNames[key] ?? [])
    }

    func value(_ key: String, as kind: ConfigLookupKind) -> JSONValue? {
        let path = components + [key]
        let configKey = ConfigKey(path)
        let order: [ConfigLookupKind] = switch kind {
        case .string: [.string, .integer, .strings, .bool]
        case .integer: [.integer, .string, .strings]
        case .bool: [.bool, .string, .strings]
        case .strings: [.strings, .string, .integer]
        case .any: [.string, .strings, .integer, .bool]
        }
        for candidate in order {
            if let value = read(configKey, as: candidate) {
                found.insert(path)
                return value
            }
        }
        return nil
    }

    private func read(_ key: ConfigKey, as kind: ConfigLookupKind) -> JSONValue? {
        switch kind {
        case .string: reader.string(forKey: key).map(JSONValue.string)
        case .integer: reader.int(forKey: key).map { .number(String($0)) } ?? reader.double(forKey: key).map { .number(String($0)) }
        case .bool: reader.bool(forKey: key).map(JSONValue.bool)
        case .strings: reader.stringArray(forKey: key).map { .array($0.map(JSONValue.string)) }
        case .any: nil
        }
    }
}
