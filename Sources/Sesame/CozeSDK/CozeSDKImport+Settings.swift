import Foundation
import SesameCore
import SesameCoze

extension CozeSDKImport {
    /// Where settings are read from, and how the secrets among them are referred to.
    struct Source {
        /// `the environment`, `.env file X`, `X`.
        let label: String
        /// Every setting present, for ``CozeSDKImport/ignored``.
        let names: [String]
        /// A setting's value.
        let value: (String) -> String?
        /// The store that holds the source's secret settings, by name, with its definition.
        let secretStore: (name: String, definition: JSONValue)?
        /// The folder key file paths are relative to.
        let baseDirectory: String
        /// The folder the registry's relative paths are relative to.
        let registryDirectory: String
    }

    /// The region, and the base URL when it is not the region's own, from an API base setting (or a
    /// website setting when no API base is set).
    static func region(api: (name: String, value: String)?, website: (name: String, value: String)?) throws -> (fields: [String: JSONValue], used: [Use], notes: [String]) {
        let fallback = CozeRegion.cn
        if let api {
            guard let base = CozeAPIBase(api.value) else {
                throw RegistrySetupError(.invalidSetting, "\(api.name) is \"\(api.value.prefix(80))\", not an http(s) URL; set it to https://api.coze.cn or https://api.coze.com")
            }
            switch base.kind {
            case .api(let region):
                return (["region": .string(region.rawValue)], [Use(setting: api.name, target: "region \(region.rawValue)")], [])
            case .website(let region):
                return (["region": .string(region.rawValue), "baseURL": .string(base.url)], [Use(setting: api.name, target: "baseURL")],
                        ["\(api.name) \(base.url) is Coze's website, not its API; kept as baseURL, but tokens come from \(region.baseURL): set \(api.name)=\(region.baseURL)"])
            case .other:
                return (["region": .string(fallback.rawValue), "baseURL": .string(base.url)], [Use(setting: api.name, target: "baseURL")],
                        ["region \(fallback.rawValue) (the default): \(api.name) host \(base.host) is neither api.coze.cn nor api.coze.com; for an app on coze.com add \"region\": \"com\""])
            }
        }
        if let website, let region = CozeAPIBase(website.value)?.region {
            return (["region": .string(region.rawValue)], [Use(setting: website.name, target: "region \(region.rawValue)")], [])
        }
        return (["region": .string(fallback.rawValue)], [],
                ["region \(fallback.rawValue) (the default): no API base is set; for an app on coze.com set \(CozeSDKVariable.apiBase)=https://api.coze.com"])
    }

    /// The entry from the SDKs' variables, read through `source`.
    static func fromVariables(_ source: Source, name: String) throws -> CozeSDKImport {
        func setting(_ key: String) -> String? {
            guard let value = source.value(key)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        let appID = setting(CozeSDKVariable.clientID)
        let keyID = setting(CozeSDKVariable.publicKeyID)
        let keyVariable = CozeSDKVariable.privateKeyVariables.first { setting($0) != nil }
        var missing: [String] = []
        if appID == nil { missing.append("\(CozeSDKVariable.clientID) (the OAuth app's ID)") }
        if keyID == nil { missing.append("\(CozeSDKVariable.publicKeyID) (the public key's ID shown next to it on the app's page)") }
        if keyVariable == nil { missing.append("one of \(CozeSDKVariable.privateKeyVariables.joined(separator: ", ")) (the private key)") }
        guard let appID, let keyID, let keyVariable else {
            throw RegistrySetupError(.missingSetting, "\(source.label) does not set \(missing.joined(separator: "; ")); set \(missing.count == 1 ? "it" : "them") as the Coze SDK examples do")
        }
        var used = [Use(setting: CozeSDKVariable.clientID, target: "appId"), Use(setting: CozeSDKVariable.publicKeyID, target: "keyId")]
        var stores: [String: JSONValue] = [:]
        let reference: JSONValue
        if keyVariable == CozeSDKVariable.privateKeyFilePath, let path = setting(keyVariable) {
            let absolute = PathResolver.resolve(path, relativeTo: source.baseDirectory, home: FileManager.default.homeDirectoryForCurrentUser.path)
            stores["files"] = .object(["type": .string("pem-file")])
            reference = .object(["store": .string("files"), "name": .string(RegistryPaths.relative(absolute, to: source.registryDirectory))])
            used.append(Use(setting: keyVariable, target: "privateKey (the file \(path), read where it is)"))
        } else if let store = source.secretStore {
            stores[store.name] = store.definition
            reference = .object(["store": .string(store.name), "name": .string(keyVariable)])
            used.append(Use(setting: keyVariable, target: "privateKey (\(store.name):\(keyVariable), read where it is)"))
        } else {
            throw RegistrySetupError(.inlineKeyNeedsStore, "\(source.label) holds the private key itself; keep it in an environment variable or a .env file, or move it into a key store")
        }
        let apiBase = setting(CozeSDKVariable.apiBase).map { (name: CozeSDKVariable.apiBase, value: $0) }
        let wwwBase = setting(CozeSDKVariable.wwwBase).map { (name: CozeSDKVariable.wwwBase, value: $0) }
        let region = try region(api: apiBase, website: wwwBase)
        used += region.used
        var provider: [String: JSONValue] = ["type": .string("coze-jwt"), "appId": .string(appID), "keyId": .string(keyID), "privateKey": reference]
        provider.merge(region.fields) { $1 }
        let usedNames = Set(used.map(\.setting))
        var ignored: [String] = []
        for other in source.names.sorted() where !usedNames.contains(other) {
            if CozeSDKVariable.privateKeyVariables.contains(other) {
                ignored.append("\(other) (\(keyVariable) is used; it comes first)")
            } else if other == CozeSDKVariable.wwwBase, apiBase != nil {
                ignored.append("\(other) (\(CozeSDKVariable.apiBase) gives the API base)")
            } else {
                ignored.append(other)
            }
        }
        return CozeSDKImport(name: name, provider: provider, keyStores: stores, used: used, ignored: ignored, notes: region.notes, inlinePrivateKey: nil)
    }
}
