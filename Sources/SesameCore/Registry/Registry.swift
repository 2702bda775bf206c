import Foundation

/// Providers and key stores built from one `providers.json`, by type name.
///
/// Building validates everything (types, keys, values, references between providers and stores)
/// before any key is read or request sent; an invalid file throws one ``RegistryError`` listing every
/// problem with its JSON path.
public struct Registry: Sendable {
    /// A provider built from the file.
    public struct Provider: Sendable, CustomStringConvertible {
        /// Its key in `providers`.
        public let name: String
        /// Its `type`, e.g. `coze-jwt`.
        public let type: String
        /// The provider.
        public let provider: any AuthProvider
        /// Lowercase hex SHA-256 of the provider's type and every setting its factory read (nested
        /// objects and the key stores it refers to included): changes when the app ID, key ID, region,
        /// URL, scope or lifetime does; not when keys are reordered or whitespace changes. Part of the
        /// ``SharedTokenKey``, so a shared token minted under another configuration is never served.
        public let configurationFingerprint: String
        /// `coze-cn (coze-jwt): ...` with the provider's own description when it has one.
        public var description: String { Registry.describe(name, type, provider) }
    }

    /// A key store built from the file.
    public struct Store: Sendable, CustomStringConvertible {
        /// Its key in `keyStores`.
        public let name: String
        /// Its `type`, e.g. `pem-file`.
        public let type: String
        /// The store.
        public let store: any KeyStore
        /// `files (pem-file): ...` with the store's own description when it has one.
        public var description: String { Registry.describe(name, type, store) }
    }

    /// The shared token store built from the top-level `tokenCache` object.
    public struct TokenCacheStore: Sendable, CustomStringConvertible {
        /// Its `type`, e.g. `file`.
        public let type: String
        /// The store.
        public let store: any SharedTokenStore
        /// `file: ...` with the store's own description when it has one.
        public var description: String {
            guard let described = store as? any CustomStringConvertible else { return type }
            return "\(type): \(described.description)"
        }
    }

    /// The file the registry came from, or `<inline>`.
    public let source: String
    /// Providers by name.
    public let providers: [String: Provider]
    /// Key stores by name.
    public let keyStores: [String: Store]
    /// The shared token cache every provider's tokens go through (below each ``TokenCache``), when
    /// the registry has a `tokenCache` object; see ``SharedTokenProvider``.
    public let tokenCache: TokenCacheStore?

    /// Provider names, sorted.
    public var providerNames: [String] { providers.keys.sorted() }

    /// The provider called `name`.
    ///
    /// - Throws: ``RegistryError`` with code `.unknownProvider`, naming the providers that exist and the
    ///   closest match.
    public func provider(named name: String) throws -> Provider {
        if let provider = providers[name] { return provider }
        let known = providerNames
        let list = known.isEmpty ? "it defines none" : "it defines: " + known.joined(separator: ", ")
        throw RegistryError(
            .unknownProvider,
            source: source,
            message: "no provider \"\(name)\" in \(source)\(Suggestion.hint(for: name, in: known)) (\(list))"
        )
    }

    /// Reads and builds the registry at `path`.
    public static func load(file path: String, plugins: PluginSet, context: RegistryContext) throws -> Registry {
        let absolute = PathResolver.resolve(path, relativeTo: FileManager.default.currentDirectoryPath, home: context.homeDirectory)
        let data: Data
        do throws(SecretFileError) {
            data = Data(try PlainFileReader.read(absolute, what: "registry"))
        } catch where error.code == .notFound {
            throw RegistryError(
                .fileNotFound,
                source: path,
                message: "registry \(path) does not exist; pass --config FILE, set SESAME_CONFIG, or create providers.json (see README, \"Configuration\")"
            )
        } catch {
            // A folder, FIFO or device, a file past the cap, or a failed read: the reader's message
            // names the path and the reason.
            throw RegistryError(.unreadable, source: path, message: error.message)
        }
        let directory = (absolute as NSString).deletingLastPathComponent
        return try decode(data, source: path, directory: directory, plugins: plugins, context: context)
    }

    /// Builds a registry from JSON text; relative paths resolve against `directory`.
    public static func decode(
        _ json: Data,
        source: String = "<inline>",
        directory: String,
        plugins: PluginSet,
        context: RegistryContext
    ) throws -> Registry {
        let root: JSONValue
        do {
            root = try JSONParser.parse(json)
        } catch {
            let fix = error.isDuplicateKey
                ? "keep one of them (JSON readers disagree on which one counts)"
                : "fix the syntax (a missing comma or quote is the usual cause)"
            throw RegistryError(.syntax, source: source, message: "\(source) is not valid JSON: \(error); \(fix)")
        }
        return try RegistryBuilder(source: source, plugins: plugins, directory: directory, context: context).build(root)
    }

    /// Builds a registry read through `lookup`, a configuration system's keys below `path` (see
    /// ``ConfigLookup``), with the same checks and messages as a file, paths included.
    package static func build(
        lookup: any ConfigLookup,
        at path: ConfigPath,
        source: String,
        directory: String,
        plugins: PluginSet,
        context: RegistryContext
    ) throws -> Registry {
        try RegistryBuilder(source: source, plugins: plugins, directory: directory, context: context).build(lookup: lookup, at: path)
    }

    /// `NAME (TYPE)`, followed by the value's own description when it has one.
    private static func describe(_ name: String, _ type: String, _ value: Any) -> String {
        guard let described = value as? any CustomStringConvertible else { return "\(name) (\(type))" }
        return "\(name) (\(type)): \(described.description)"
    }

    init(source: String, providers: [String: Provider], keyStores: [String: Store], tokenCache: TokenCacheStore?) {
        self.source = source
        self.providers = providers
        self.keyStores = keyStores
        self.tokenCache = tokenCache
    }
}
