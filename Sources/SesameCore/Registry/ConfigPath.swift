/// A location in `providers.json`, printed as a dotted path: `providers.coze-cn.privateKey.store`.
public struct ConfigPath: Hashable, Sendable, CustomStringConvertible, Comparable {
    private enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    private let components: [Component]

    /// The root of the file.
    public static let root = ConfigPath(components: [])

    private init(components: [Component]) {
        self.components = components
    }

    /// This path extended by an object key.
    public func appending(_ key: String) -> ConfigPath {
        ConfigPath(components: components + [.key(key)])
    }

    /// This path extended by an array index.
    public func appending(index: Int) -> ConfigPath {
        ConfigPath(components: components + [.index(index)])
    }

    /// The path one level up, or `nil` for the root.
    public var parent: ConfigPath? {
        components.isEmpty ? nil : ConfigPath(components: Array(components.dropLast()))
    }

    /// Whether this path is `other` or lies below it.
    package func isWithin(_ other: ConfigPath) -> Bool {
        components.starts(with: other.components)
    }

    /// The last key of the path, if it ends in a key.
    public var lastKey: String? {
        if case .key(let key) = components.last { return key }
        return nil
    }

    /// `providers.coze-cn.scope.botIds[0]`; keys that are not plain identifiers are quoted:
    /// `providers["my.app"]`. The root prints as `(root)`.
    public var description: String {
        guard !components.isEmpty else { return "(root)" }
        var text = ""
        for component in components {
            switch component {
            case .key(let key) where Self.isPlain(key):
                text += text.isEmpty ? key : ".\(key)"
            case .key(let key):
                text += "[\"\(key)\"]"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// Orders paths by their printed form, so reports are stable.
    public static func < (lhs: ConfigPath, rhs: ConfigPath) -> Bool {
        lhs.description < rhs.description
    }

    private static func isPlain(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
}
