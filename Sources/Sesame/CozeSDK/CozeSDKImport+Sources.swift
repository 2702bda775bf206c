import Foundation
import SesameCore
import SesameCoze
import SesameKeyStores

extension CozeSDKImport {
    /// The entry for the SDKs' environment variables (``CozeSDKVariable``); the private key is
    /// referred to in an `env` store (or, for `COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH`, the file in a
    /// `pem-file` store). Every other `COZE_` variable is listed as ignored.
    ///
    /// - Parameters:
    ///   - environment: the variables (default: the process environment).
    ///   - registryDirectory: the folder of the registry the entry goes into; key file paths are written
    ///     relative to it when they are inside it. Relative key file paths in the variables resolve
    ///     against the current directory, as the SDKs read them.
    /// - Throws: ``RegistrySetupError`` naming every required variable that is not set.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        name: String = defaultName,
        registryDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> CozeSDKImport {
        let source = Source(
            label: "the environment",
            names: environment.keys.filter { $0.hasPrefix("COZE_") },
            value: { environment[$0] },
            secretStore: (name: "env", definition: .object(["type": .string("env")])),
            baseDirectory: FileManager.default.currentDirectoryPath,
            registryDirectory: registryDirectory
        )
        return try fromVariables(source, name: name)
    }

    /// The entry for the SDKs' variables in the `.env` file at `path`; the private key is referred to
    /// in a `dotenv` store over that file (or, for `COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH`, the file,
    /// relative to the `.env` file's folder). Every other variable of the file is listed as ignored.
    ///
    /// - Throws: ``RegistrySetupError``: `.unreadable` when the file cannot be read, `.missingSetting`.
    public static func fromDotenv(
        path: String,
        name: String = defaultName,
        registryDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> CozeSDKImport {
        let absolute = PathResolver.resolve(path, relativeTo: FileManager.default.currentDirectoryPath, home: FileManager.default.homeDirectoryForCurrentUser.path)
        let file: DotenvFile
        do {
            file = try DotenvFile(path: absolute)
        } catch {
            throw RegistrySetupError(.unreadable, "cannot read \(path): \(error)", underlying: error)
        }
        let source = Source(
            label: path,
            names: file.names,
            value: { file.value(of: $0) },
            secretStore: (name: "dotenv", definition: .object(["type": .string("dotenv"), "path": .string(RegistryPaths.relative(absolute, to: registryDirectory))])),
            baseDirectory: (absolute as NSString).deletingLastPathComponent,
            registryDirectory: registryDirectory
        )
        var result = try fromVariables(source, name: name)
        var status = stat()
        if stat(absolute, &status) == 0, let problem = SecretFileReader.permissionProblem(of: status, path: path, what: ".env file") {
            result.notes.append("the dotenv store will refuse this file: \(problem.message)")
        }
        return result
    }

    /// The fields of coze-py's OAuth app JSON and the OAuth quickstart's `config.json`.
    public enum JSONField {
        /// `client_type`: `jwt` (coze-py) or `server` (the quickstart); other types cannot mint server tokens.
        public static let clientType = "client_type"
        /// `client_id`: the app ID.
        public static let clientID = "client_id"
        /// `public_key_id`: the key ID.
        public static let publicKeyID = "public_key_id"
        /// `private_key`: the PEM, pasted inline.
        public static let privateKey = "private_key"
        /// `private_key_file_path`: the PEM's path, relative to the JSON file.
        public static let privateKeyFilePath = "private_key_file_path"
        /// `coze_api_base`: the API base URL.
        public static let apiBase = "coze_api_base"
        /// `coze_www_base`: the website base URL (gives the region when no API base is set).
        public static let wwwBase = "coze_www_base"
        /// `coze_domain`: the quickstart's website domain (gives the region when no API base is set).
        public static let domain = "coze_domain"
    }

    /// The entry for a coze-py OAuth app JSON (`client_type: "jwt"`) or an OAuth quickstart
    /// `config.json` (`client_type: "server"`) at `path`. A `private_key` pasted in the file is kept in
    /// ``inlinePrivateKey``, to be moved into a store before the entry is used.
    ///
    /// - Throws: ``RegistrySetupError``: `.unreadable`, `.unsupportedApp` for a web, PKCE or device app,
    ///   `.missingSetting`.
    public static func fromJSON(
        path: String,
        name: String = defaultName,
        registryDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> CozeSDKImport {
        let absolute = PathResolver.resolve(path, relativeTo: FileManager.default.currentDirectoryPath, home: FileManager.default.homeDirectoryForCurrentUser.path)
        let data: [UInt8]
        do throws(SecretFileError) {
            data = try PlainFileReader.read(absolute, what: "file", maxSize: SecretFileReader.maxKeyFileSize)
        } catch {
            throw RegistrySetupError(.unreadable, "cannot read \(path): \(error.message)")
        }
        guard let fields = JSONValue.parse(data)?.object else {
            throw RegistrySetupError(.unreadable, "\(path) is not a JSON object; expected coze-py's OAuth app JSON or the quickstart's config.json")
        }
        func text(_ key: String) -> String? {
            guard let value = fields[key]?.string?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        var used: [Use] = []
        var notes: [String] = []
        if let type = text(JSONField.clientType) {
            guard type == "jwt" || type == "server" else {
                throw RegistrySetupError(.unsupportedApp, "\(path): client_type \"\(type.prefix(40))\" is a user-facing app (web, PKCE or device) that cannot mint tokens on its own; create an OAuth app of type JWT (\"service application\") in the Coze console and import its settings")
            }
            used.append(Use(setting: JSONField.clientType, target: "type coze-jwt"))
        } else {
            notes.append("\(path) has no client_type; read as a JWT app")
        }
        let appID = text(JSONField.clientID) ?? fields[JSONField.clientID]?.integer.map(String.init)
        let keyID = text(JSONField.publicKeyID)
        let keyPath = text(JSONField.privateKeyFilePath)
        let inlineKey = text(JSONField.privateKey)
        var missing: [String] = []
        if appID == nil { missing.append("client_id (the OAuth app's ID)") }
        if keyID == nil { missing.append("public_key_id (the public key's ID)") }
        if keyPath == nil && inlineKey == nil { missing.append("private_key or private_key_file_path") }
        guard let appID, let keyID else {
            throw RegistrySetupError(.missingSetting, "\(path) does not set \(missing.joined(separator: "; "))")
        }
        guard keyPath != nil || inlineKey != nil else {
            throw RegistrySetupError(.missingSetting, "\(path) does not set \(missing.joined(separator: "; "))")
        }
        used += [Use(setting: JSONField.clientID, target: "appId"), Use(setting: JSONField.publicKeyID, target: "keyId")]
        var provider: [String: JSONValue] = ["type": .string("coze-jwt"), "appId": .string(appID), "keyId": .string(keyID)]
        var stores: [String: JSONValue] = [:]
        var inline: SecretBytes?
        if let keyPath {
            let file = PathResolver.resolve(keyPath, relativeTo: (absolute as NSString).deletingLastPathComponent, home: FileManager.default.homeDirectoryForCurrentUser.path)
            stores["files"] = .object(["type": .string("pem-file")])
            provider["privateKey"] = .object(["store": .string("files"), "name": .string(RegistryPaths.relative(file, to: registryDirectory))])
            used.append(Use(setting: JSONField.privateKeyFilePath, target: "privateKey (the file, read where it is)"))
        } else if let inlineKey {
            inline = SecretBytes(utf8: inlineKey)
            used.append(Use(setting: JSONField.privateKey, target: "privateKey (moved into a key store)"))
        }
        let apiBase = text(JSONField.apiBase).map { (name: JSONField.apiBase, value: $0) }
        let website = (text(JSONField.wwwBase).map { (name: JSONField.wwwBase, value: $0) })
            ?? text(JSONField.domain).map { (name: JSONField.domain, value: $0.contains("://") ? $0 : "https://" + $0) }
        let region = try region(api: apiBase, website: website)
        provider.merge(region.fields) { $1 }
        used += region.used
        notes += region.notes
        let usedNames = Set(used.map(\.setting))
        let ignored = fields.keys.sorted().filter { !usedNames.contains($0) }.map { key -> String in
            switch key {
            case JSONField.privateKey: "\(key) (\(JSONField.privateKeyFilePath) is used)"
            case JSONField.wwwBase, JSONField.domain: "\(key) (the website; \(apiBase == nil ? "another field gives the region" : "coze_api_base gives the API base"))"
            default: key
            }
        }
        return CozeSDKImport(name: name, provider: provider, keyStores: stores, used: used, ignored: ignored, notes: notes, inlinePrivateKey: inline)
    }
}
