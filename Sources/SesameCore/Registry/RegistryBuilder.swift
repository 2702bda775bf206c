/// Turns the parsed JSON of `providers.json` into a ``Registry``, collecting every issue.
///
/// One builder per file: it holds what the build has found so far (issues, the key stores declared
/// and built), which the ``ConfigSection``s it hands to factories report into.
final class RegistryBuilder {
    let source: String
    let plugins: PluginSet
    let directory: String
    let context: RegistryContext
    let secrets: InlineSecretDetector
    var issues: [ConfigIssue] = []
    var declaredKeyStores: Set<String> = []
    var keyStores: [String: any KeyStore] = [:]
    /// Every section handed out, checked for unknown keys once its factory has returned.
    var openSections: [ConfigSection] = []
    /// Sections read through a ``ConfigLookup``, with whether they were required: present only when
    /// a value was found under them.
    var lookupSections: [(section: ConfigSection, required: Bool)] = []
    /// `keyStores` of a registry read through a lookup, where stores named by references are found.
    var keyStoresLookup: (lookup: any ConfigLookup, path: ConfigPath)?
    /// The stores built, by name.
    var builtStores: [String: Registry.Store] = [:]
    /// Every value a factory read, by path: what configuration fingerprints digest.
    var valuesRead: [ConfigPath: JSONValue] = [:]
    /// Every key reference resolved: where it was written and the store it names.
    var storeReferences: [(from: ConfigPath, store: String)] = []
    /// Where each built key store's section is, for the fingerprints of the providers using it.
    var storeSections: [String: ConfigPath] = [:]

    init(source: String, plugins: PluginSet, directory: String, context: RegistryContext) {
        self.source = source
        self.plugins = plugins
        self.directory = directory
        self.context = context
        self.secrets = InlineSecretDetector(patterns: plugins.inlineSecretPatterns)
    }

    func build(_ root: JSONValue) throws -> Registry {
        guard case .object(let fields) = root else {
            throw RegistryError.invalid([ConfigIssue(path: .root, message: "expected an object with \"version\", \"keyStores\" and \"providers\", got \(root.typeDescription)")], source: source)
        }
        issues += secrets.issues(in: root)
        let top = section(at: .root, fields)
        if let version = top.integer("version", required: true), version != 1 {
            top.report("version", "unsupported version \(version); this sesame reads version 1")
        }
        let stores = buildKeyStores(top.section("keyStores"))
        let tokenCache = buildTokenCache(top.section("tokenCache"))
        let providers = buildProviders(top.section("providers", required: true))
        closeSections()
        if !issues.isEmpty {
            throw RegistryError.invalid(issues, source: source)
        }
        return Registry(source: source, providers: providers, keyStores: stores, tokenCache: tokenCache)
    }

    /// Builds a registry read through `lookup` (a configuration system's keys below `path`):
    /// `keyStores` and `providers` under it, providers named by the lookup, key stores found from the
    /// references to them. `version` is optional.
    func build(lookup: any ConfigLookup, at path: ConfigPath) throws -> Registry {
        let top = ConfigSection(path: path, lookup: lookup, builder: self)
        if let version = top.integer("version"), version != 1 {
            top.report("version", "unsupported version \(version); this sesame reads version 1")
        }
        keyStoresLookup = (lookup.child("keyStores"), path.appending("keyStores"))
        _ = buildKeyStores(top.section("keyStores"))
        let tokenCache = buildTokenCache(top.section("tokenCache"))
        let providers = buildProviders(top.section("providers", required: true))
        closeSections()
        if !issues.isEmpty {
            throw RegistryError.invalid(Array(Set(issues)), source: source)
        }
        return Registry(source: source, providers: providers, keyStores: builtStores, tokenCache: tokenCache)
    }

    /// A section read through `lookup` at `path`.
    func section(at path: ConfigPath, lookup: any ConfigLookup, required: Bool) -> ConfigSection {
        let section = ConfigSection(path: path, lookup: lookup, builder: self)
        lookupSections.append((section, required))
        return section
    }

    /// Declares and builds key store `name` when a reference names it and the lookup holds its `type`.
    func declareKeyStoreOnDemand(_ name: String) -> Bool {
        guard let keyStoresLookup else { return false }
        let child = keyStoresLookup.lookup.child(name)
        guard child.value("type", as: .string) != nil else { return false }
        declaredKeyStores.insert(name)
        let entry = section(at: keyStoresLookup.path.appending(name), lookup: child, required: true)
        buildKeyStore(name, entry)
        return true
    }

    /// A section for `fields` at `path`, checked for unknown keys when the build closes.
    func section(at path: ConfigPath, _ fields: [String: JSONValue]) -> ConfigSection {
        let section = ConfigSection(path: path, fields: fields, builder: self)
        openSections.append(section)
        return section
    }

    private func closeSections() {
        for section in openSections { section.reportUnknownKeys() }
        openSections.removeAll()
        // A lookup section under which nothing was found is absent: what its reader reported about
        // missing members is moot, and a required one is reported missing once, at its own path.
        var absent: [ConfigPath] = []
        for (section, required) in lookupSections.sorted(by: { "\($0.section.path)".count < "\($1.section.path)".count })
        where !(section.lookup?.foundAny ?? true) {
            guard !absent.contains(where: { section.path.isWithin($0) }) else { continue }
            absent.append(section.path)
            issues.removeAll { $0.path.isWithin(section.path) }
            if required { issues.append(ConfigIssue(path: section.path, message: "missing; expected an object")) }
        }
        lookupSections.removeAll()
    }

    private func buildKeyStores(_ section: ConfigSection?) -> [String: Registry.Store] {
        guard let section else { return [:] }
        declaredKeyStores = Set(section.keys)
        for name in section.keys {
            guard let entry = section.section(name) else { continue }
            buildKeyStore(name, entry)
        }
        return builtStores
    }

    private func buildKeyStore(_ name: String, _ entry: ConfigSection) {
        guard let type = typeName(entry, known: plugins.keyStores.keys, kind: "key store") else { return }
        guard let factory = plugins.keyStores[type], let store = factory.make(entry, name) else { return }
        keyStores[name] = store
        builtStores[name] = Registry.Store(name: name, type: type, store: store)
        storeSections[name] = entry.path
    }

    private func buildProviders(_ section: ConfigSection?) -> [String: Registry.Provider] {
        guard let section else { return [:] }
        if section.keys.isEmpty {
            let example = plugins.providers.keys.sorted().first.map { ", e.g. \"my-provider\": {\"type\": \"\($0)\", ...}" } ?? ""
            section.report(nil, "defines no provider; add one\(example)")
        }
        var providers: [String: Registry.Provider] = [:]
        for name in section.keys {
            guard let entry = section.section(name), let type = typeName(entry, known: plugins.providers.keys, kind: "provider") else { continue }
            guard let factory = plugins.providers[type], let provider = factory.make(entry, name) else { continue }
            let fingerprint = configurationFingerprint(type: type, at: entry.path)
            providers[name] = Registry.Provider(name: name, type: type, provider: provider, configurationFingerprint: fingerprint)
        }
        return providers
    }

    /// The shared token store of the top-level `tokenCache` object, built after the key stores so that
    /// its key references resolve.
    private func buildTokenCache(_ section: ConfigSection?) -> Registry.TokenCacheStore? {
        guard let section, let type = typeName(section, known: plugins.tokenStores.keys, kind: "token cache") else { return nil }
        guard let factory = plugins.tokenStores[type], let store = factory.make(section) else { return nil }
        return Registry.TokenCacheStore(type: type, store: store)
    }

    private func typeName(_ entry: ConfigSection, known: some Collection<String>, kind: String) -> String? {
        guard let type = entry.string("type", required: true) else {
            entry.ignoreUnknownKeys()
            return nil
        }
        guard known.contains(type) else {
            entry.ignoreUnknownKeys()
            let list = known.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            entry.report("type", "unknown \(kind) type \(secrets.quoted(type))\(Suggestion.hint(for: type, in: known)) (registered: \(list))")
            return nil
        }
        return type
    }
}
