import SesameCore

/// Reads the JSON form of ``CozeEmulatorConfiguration`` (see ``CozeEmulatorConfiguration/load(file:)``).
struct ConfigurationFileReader {
    /// The folder that relative key paths start from.
    let directory: String

    func read(_ root: JSONValue) throws -> CozeEmulatorConfiguration {
        let object = try ConfigObject(
            root, path: "",
            allowed: ["region", "audience", "apps", "accounts", "enterprises", "faults", "clockLeeway"]
        )
        var configuration = CozeEmulatorConfiguration()
        if let region = try object.string("region") {
            guard let value = EmulatedRegion(rawValue: region) else {
                let known = EmulatedRegion.allCases.map { "\"\($0.rawValue)\" (\($0.audience))" }.joined(separator: " or ")
                throw ConfigObject.error(at: "region", "unknown region \"\(region)\"; use \(known)")
            }
            configuration.region = value
        }
        configuration.audience = try object.string("audience")
        configuration.clockLeeway = try object.count("clockLeeway") ?? configuration.clockLeeway
        configuration.accounts = Set(try object.identifiers("accounts") ?? [])
        configuration.enterprises = Set(try object.identifiers("enterprises") ?? [])
        if let faults = object.members["faults"] {
            configuration.faults = try readFaults(faults, path: "faults")
        }
        var seen: [String: String] = [:]
        for element in try object.array("apps") ?? [] {
            let app = try readApp(element.value, path: element.path)
            if let first = seen[app.appID] {
                throw ConfigObject.error(at: element.path + ".appId", "app \"\(app.appID)\" is already defined at \(first); list all its keys in one entry")
            }
            seen[app.appID] = element.path
            configuration.apps.append(app)
        }
        return configuration
    }

    private func readApp(_ value: JSONValue, path: String) throws -> EmulatedApp {
        let object = try ConfigObject(value, path: path, allowed: ["appId", "type", "enabled", "keys"])
        guard let appID = try object.identifier("appId"), !appID.isEmpty else {
            throw ConfigObject.error(at: object.path(of: "appId"), "missing; every app needs its app ID (the JWT's iss) as a string")
        }
        var kind = EmulatedApp.Kind.normal
        if let type = try object.string("type") {
            guard let value = EmulatedApp.Kind(rawValue: type) else {
                let names = EmulatedApp.Kind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw ConfigObject.error(at: object.path(of: "type"), "unknown app type \"\(type)\"; use one of \(names)")
            }
            kind = value
        }
        let elements = try object.array("keys") ?? []
        guard (1...EmulatedApp.maximumKeyCount).contains(elements.count) else {
            throw ConfigObject.error(at: object.path(of: "keys"), "an app holds 1 to \(EmulatedApp.maximumKeyCount) keys, this one lists \(elements.count)")
        }
        let keys = try elements.map { try readKey($0.value, path: $0.path) }
        var keyIDs = Set<String>()
        for (key, element) in zip(keys, elements) where !keyIDs.insert(key.keyID).inserted {
            throw ConfigObject.error(at: element.path, "key ID \"\(key.keyID)\" is listed twice for app \(appID)")
        }
        return EmulatedApp(appID: appID, kind: kind, keys: keys, enabled: try object.bool("enabled") ?? true)
    }

    private func readKey(_ value: JSONValue, path: String) throws -> EmulatedKey {
        let object = try ConfigObject(value, path: path, allowed: ["keyId", "publicKey"])
        guard let file = try object.string("publicKey"), !file.isEmpty else {
            throw ConfigObject.error(at: object.path(of: "publicKey"), "missing; give the path of the PEM public key, relative to this file")
        }
        let keyID = try object.identifier("keyId")
        return try PublicKeyFile.load(PublicKeyFile.resolve(file, relativeTo: directory), keyID: keyID, jsonPath: object.path(of: "publicKey"))
    }

    private func readFaults(_ value: JSONValue, path: String) throws -> EmulatorFaults {
        let object = try ConfigObject(value, path: path, allowed: ["failFirst", "throttleFirst", "dropFirst", "latencyMilliseconds"])
        return EmulatorFaults(
            failFirst: try object.count("failFirst") ?? 0,
            throttleFirst: try object.count("throttleFirst") ?? 0,
            dropFirst: try object.count("dropFirst") ?? 0,
            latencyMilliseconds: try object.count("latencyMilliseconds") ?? 0
        )
    }
}

extension ConfigurationFileReader {
    /// Reads a faults object as `POST /__emulator/faults` receives it (same rules as the file's `faults`).
    static func faults(from value: JSONValue) throws -> EmulatorFaults {
        try ConfigurationFileReader(directory: "").readFaults(value, path: "")
    }
}
