/// Turns the parsed JSON of `providers.json` into a ``Registry``, collecting every issue.
struct RegistryBuilder {
    let source: String
    let plugins: PluginSet
    let build: RegistryBuild

    mutating func build(_ root: JSONValue) throws -> Registry {
        guard case .object(let fields) = root else {
            throw RegistryError.invalid([ConfigIssue(path: .root, message: "expected an object with \"version\", \"keyStores\" and \"providers\", got \(root.typeDescription)")], source: source)
        }
        build.issues += InlineSecretDetector.issues(in: root)
        let top = build.section(at: .root, fields)
        if let version = top.integer("version", required: true), version != 1 {
            top.report("version", "unsupported version \(version); this sesame reads version 1")
        }
        let stores = buildKeyStores(top.section("keyStores"))
        let providers = buildProviders(top.section("providers", required: true))
        build.closeSections()
        if !build.issues.isEmpty {
            throw RegistryError.invalid(build.issues, source: source)
        }
        return Registry(source: source, providers: providers, keyStores: stores)
    }

    private func buildKeyStores(_ section: ConfigSection?) -> [String: Registry.Store] {
        guard let section else { return [:] }
        build.declaredKeyStores = Set(section.keys)
        var stores: [String: Registry.Store] = [:]
        for name in section.keys {
            guard let entry = section.section(name), let type = typeName(entry, known: plugins.keyStores.keys, kind: "key store") else { continue }
            guard let factory = plugins.keyStores[type], let store = factory.make(entry, name) else { continue }
            build.keyStores[name] = store
            stores[name] = Registry.Store(name: name, type: type, store: store)
        }
        return stores
    }

    private func buildProviders(_ section: ConfigSection?) -> [String: Registry.Provider] {
        guard let section else { return [:] }
        if section.keys.isEmpty {
            section.report(nil, "defines no provider; add one, e.g. \"coze-cn\": {\"type\": \"coze-jwt\", ...}")
        }
        var providers: [String: Registry.Provider] = [:]
        for name in section.keys {
            guard let entry = section.section(name), let type = typeName(entry, known: plugins.providers.keys, kind: "provider") else { continue }
            guard let factory = plugins.providers[type], let provider = factory.make(entry, name) else { continue }
            providers[name] = Registry.Provider(name: name, type: type, provider: provider)
        }
        return providers
    }

    private func typeName(_ entry: ConfigSection, known: some Collection<String>, kind: String) -> String? {
        guard let type = entry.string("type", required: true) else {
            entry.ignoreUnknownKeys()
            return nil
        }
        guard known.contains(type) else {
            entry.ignoreUnknownKeys()
            let list = known.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            entry.report("type", "unknown \(kind) type \(InlineSecretDetector.quoted(type))\(Suggestion.hint(for: type, in: known)) (registered: \(list))")
            return nil
        }
        return type
    }
}
