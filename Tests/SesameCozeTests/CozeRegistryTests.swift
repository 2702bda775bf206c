import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("coze-jwt in providers.json")
struct CozeRegistryTests {
    private func registry(_ json: String, in folder: String, environment: [String: String] = [:]) throws -> Registry {
        try Registry.decode(
            Data(json.utf8), source: "providers.json", directory: folder, plugins: .builtIn,
            context: RegistryContext(environment: { environment[$0] }, homeDirectory: folder)
        )
    }

    private func provider(_ name: String, baseURL: String, appID: String, keyID: String, store: String, entry: String, extra: String = "") -> String {
        """
        "\(name)": { "type": "coze-jwt", "region": "cn", "baseURL": "\(baseURL)", "appId": "\(appID)", "keyId": "\(keyID)",
                     "privateKey": { "store": "\(store)", "name": "\(entry)" }\(extra) }
        """
    }

    @Test("keys as PKCS#8, PKCS#1, encrypted PKCS#8 files, an env variable and a .env entry all mint accepted tokens")
    func everyKeySource() async throws {
        let folder = try TemporaryFolder()
        var apps: [TestApp] = []
        for index in 0..<5 { apps.append(TestApp(appID: "11334839350\(index)0", key: try await TestKeys.shared(index % 3))) }
        try FileManager.default.createDirectory(atPath: folder.path + "/keys", withIntermediateDirectories: true)
        try folder.write(try apps[0].key.pem(.pkcs8), to: "keys/pkcs8.pem")
        try folder.write(try apps[1].key.pem(.pkcs1), to: "keys/pkcs1.pem")
        try folder.write(try await OpenSSLTool.encryptedPKCS8(apps[2].key, passphrase: "correct horse"), to: "keys/encrypted.pem")
        let base64 = try apps[3].key.pem().withUnsafeBytes { Data($0).base64EncodedString() }
        let escaped = try apps[4].key.pem(.pkcs1).withUnsafeBytes { String(decoding: $0, as: UTF8.self) }.replacingOccurrences(of: "\n", with: "\\n")
        try folder.write("COZE_KEY=\"\(escaped)\"\n", to: ".env")
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = apps.map { $0.emulated() }
        try await withCozeEmulator(configuration) { emulator in
            let url = emulator.baseURL
            let json = """
            { "version": 1,
              "keyStores": {
                "files": { "type": "pem-file", "directory": "keys" },
                "locked": { "type": "pem-file", "directory": "keys", "passphraseEnv": "KEY_PASSPHRASE" },
                "env": { "type": "env" },
                "dotenv": { "type": "dotenv", "path": ".env" } },
              "providers": {
                \(provider("pkcs8", baseURL: url, appID: apps[0].appID, keyID: apps[0].keyID, store: "files", entry: "pkcs8.pem")),
                \(provider("pkcs1", baseURL: url, appID: apps[1].appID, keyID: apps[1].keyID, store: "files", entry: "pkcs1.pem")),
                \(provider("encrypted", baseURL: url, appID: apps[2].appID, keyID: apps[2].keyID, store: "locked", entry: "encrypted.pem")),
                \(provider("env", baseURL: url, appID: apps[3].appID, keyID: apps[3].keyID, store: "env", entry: "COZE_B64")),
                \(provider("dotenv", baseURL: url, appID: apps[4].appID, keyID: apps[4].keyID, store: "dotenv", entry: "COZE_KEY")) } }
            """
            let broker = TokenBroker(registry: try registry(json, in: folder.path, environment: ["KEY_PASSPHRASE": "correct horse", "COZE_B64": base64]))
            for name in ["pkcs8", "pkcs1", "encrypted", "env", "dotenv"] {
                let token = try await broker.token(for: name)
                #expect(token.value.hasPrefix("czs_"), "provider \(name)")
            }
            #expect(emulator.stats.tokensIssued == 5)
        }
    }

    @Test("every mistake in a coze-jwt section is reported at once, each with its path and fix")
    func allErrorsAtOnce() throws {
        let folder = try TemporaryFolder()
        let json = """
        { "version": 1,
          "keyStores": { "files": { "type": "pem-file" } },
          "providers": {
            "coze-cn": { "type": "coze-jwt", "region": "cm", "appId": 1133483935040, "keyId": "k",
                         "privateKey": { "store": "fiels", "name": "a.pem" }, "tokenLifetme": 900 },
            "coze-two": { "type": "coze-jwt", "region": "cn", "appId": "1", "keyId": "k", "tokenLifetime": 86400,
                          "privateKey": { "store": "files", "name": "a.pem" }, "accountId": "1", "enterpriseId": "2" } } }
        """
        let error = try #require(throws: RegistryError.self) { try registry(json, in: folder.path) }
        let lines = error.issues.map(\.description)
        #expect(lines.contains("providers.coze-cn.region: unknown value \"cm\"; did you mean \"cn\"? (expected one of \"cn\", \"com\")"))
        #expect(lines.contains { $0.hasPrefix("providers.coze-cn.appId: IDs must be JSON strings; write \"1133483935040\" in quotes") })
        #expect(lines.contains { $0.hasPrefix("providers.coze-cn.privateKey.store: unknown key store \"fiels\"; did you mean \"files\"?") })
        #expect(lines.contains("providers.coze-cn.tokenLifetme: unknown key; did you mean \"tokenLifetime\"?"))
        #expect(lines.contains("providers.coze-two.tokenLifetime: must be between 1 and 86399, got 86400"))
        #expect(lines.contains { $0.hasPrefix("providers.coze-two.enterpriseId: set accountId") })
        #expect(error.issues.count == 6)
    }

    @Test("baseURL: plain http only to loopback or with allowInsecureHTTP, and never a password in the URL", arguments: [
        ("http://coze-emulator:8080", false, "uses http:// to coze-emulator, which sends credentials and tokens in clear"),
        ("https://user:hunter2@api.coze.cn", false, "must not carry a user name or password"),
        ("http://127.0.0.1:8080", false, nil),
        ("http://localhost:8080", false, nil),
        ("http://coze-emulator:8080", true, nil),
        ("https://api.coze.cn", false, nil),
    ])
    func baseURLSafety(url: String, allowInsecure: Bool, problem: String?) throws {
        let folder = try TemporaryFolder()
        let json = """
        { "version": 1, "keyStores": { "env": { "type": "env" } },
          "providers": { "coze-cn": { "type": "coze-jwt", "region": "cn", "appId": "1", "keyId": "k", "baseURL": "\(url)",
                                      \(allowInsecure ? #""allowInsecureHTTP": true,"# : "") "privateKey": { "store": "env", "name": "K" } } } }
        """
        guard let problem else {
            _ = try registry(json, in: folder.path)
            return
        }
        let error = try #require(throws: RegistryError.self) { try registry(json, in: folder.path) }
        #expect(error.issues.map(\.path.description) == ["providers.coze-cn.baseURL"])
        #expect(error.description.contains(problem), "\(error.description)")
        #expect(!error.description.contains("hunter2"))
    }

    @Test("a PEM pasted into providers.json is refused without echoing it")
    func inlineSecret() async throws {
        let folder = try TemporaryFolder()
        let pem = try await TestKeys.shared().pem().withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let escaped = pem.replacingOccurrences(of: "\n", with: "\\n")
        let json = """
        { "version": 1, "keyStores": { "env": { "type": "env" } },
          "providers": { "coze-cn": { "type": "coze-jwt", "region": "cn", "appId": "1", "keyId": "\(escaped)",
                                      "privateKey": { "store": "env", "name": "K" } } } }
        """
        let error = try #require(throws: RegistryError.self) { try registry(json, in: folder.path) }
        #expect(error.issues.contains { $0.path.description == "providers.coze-cn.keyId" && $0.message.contains("references only") })
        #expect(!error.description.contains("BEGIN"))
        let secondLine = pem.split(separator: "\n")[1]
        #expect(!error.description.contains(secondLine))
    }

    @Test("a missing key file is reported with the provider, the store entry and the fix")
    func missingKeyFile() async throws {
        let folder = try TemporaryFolder()
        let json = """
        { "version": 1, "keyStores": { "files": { "type": "pem-file", "directory": "keys" } },
          "providers": { "coze-cn": { "type": "coze-jwt", "region": "cn", "appId": "1", "keyId": "k",
                                      "privateKey": { "store": "files", "name": "missing.pem" } } } }
        """
        let broker = TokenBroker(registry: try registry(json, in: folder.path))
        let error = try await #require(throws: CozeError.self) { try await broker.token(for: "coze-cn") }
        #expect(error.code == .keyUnavailable)
        #expect(error.message.contains("coze-cn"))
        #expect(error.message.contains("files:missing.pem"))
        #expect(error.message.contains("sesame keys generate"))
    }

    @Test("the built-in set refuses a pasted Coze access token as one, without repeating it", arguments: ["czs_", "pat_", "sat_"])
    func pastedCozeToken(prefix: String) throws {
        let token = prefix + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"
        let json = """
        { "version": 1, "keyStores": { "env": { "type": "env" } },
          "providers": { "coze-cn": { "type": "coze-jwt", "region": "cn", "appId": "1", "keyId": "\(token)",
                                      "privateKey": { "store": "env", "name": "K" } } } }
        """
        let folder = try TemporaryFolder()
        let error = try #require(throws: RegistryError.self) { try registry(json, in: folder.path) }
        let issue = try #require(error.issues.first { $0.path.description == "providers.coze-cn.keyId" })
        #expect(issue.message.hasPrefix("looks like a Coze access token; the registry holds references only"))
        #expect(!error.description.contains("Ab3dEf6hIj9k"))
        #expect(PluginSet.builtIn.inlineSecretPatterns.contains { $0.kind == InlineSecretPattern.cozeAccessToken.kind })
    }

    @Test("the root providers.json of this repository validates")
    func rootExampleValidates() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let registry = try Registry.load(file: root.appendingPathComponent("providers.json").path)
        #expect(Set(registry.providers.values.map(\.type)) == ["coze-jwt", "oauth2-client-credentials"])
        // DESIGN.md's contract: both regions and all three store types (files, env, vault).
        #expect(Set(registry.keyStores.values.map(\.type)).isSuperset(of: ["pem-file", "env", "sodium-vault"]))
        #expect(registry.providers.values.contains { ($0.provider as? CozeJWTProvider)?.configuration.region == .com })
        #expect(registry.providers.values.contains { ($0.provider as? CozeJWTProvider)?.configuration.region == .cn })
    }
}

/// Independent key encodings from the `openssl` command-line tool.
enum OpenSSLTool {
    static func encryptedPKCS8(_ key: RSAPrivateKey, passphrase: String) async throws -> SecretBytes {
        let folder = try TemporaryFolder()
        let plain = try folder.write(try key.pem(), to: "plain.pem")
        let output = folder.path + "/encrypted.pem"
        try await OpenSSLCLI.succeed(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain, "-out", output, "-passout", "pass:\(passphrase)"])
        return SecretBytes(copying: try Data(contentsOf: URL(fileURLWithPath: output)))
    }
}
