import CozeEmulator
import Foundation
import Sesame

/// The steps of `sesame demo`, printing a short transcript through `say`.
struct DemoScenario {
    let keepFiles: Bool

    private struct DemoApp {
        let provider: String
        let appID: String
        let key: RSAPrivateKey
        let storeNote: String
    }

    func run(say: (String) -> Void) async throws {
        for stale in Self.removeStaleFolders() { say("Removed \(stale), left by an interrupted earlier demo.") }
        let folder = try makeFolder()
        if keepFiles { FileManager.default.createFile(atPath: folder + "/.keep", contents: nil) }
        defer { if !keepFiles { try? FileManager.default.removeItem(atPath: folder) } }
        try await InterruptCleanup.during({ try await run(in: folder, say: say) }, cleanup: { [keepFiles] in
            if !keepFiles { try? FileManager.default.removeItem(atPath: folder) }
        })
    }

    private func run(in folder: String, say: (String) -> Void) async throws {

        say("Sesame demo: everything below runs on this machine; no network, no credentials.")
        let vaultPassphrase = Base64URL.encode((0..<24).map { _ in UInt8.random(in: 0...255) })
        let apps = try await makeKeys(in: folder, vaultPassphrase: vaultPassphrase)
        say("1. Generated three RSA-2048 key pairs and stored each private key a different way:")
        for app in apps { say("   \(app.provider.padding(toLength: 16, withPad: " ", startingAt: 0)) \(app.storeNote)") }

        var cn = CozeEmulatorConfiguration()
        cn.region = .cn
        cn.apps = [
            EmulatedApp(appID: apps[0].appID, keys: [EmulatedKey(publicKey: apps[0].key.publicKey)]),
            EmulatedApp(appID: apps[2].appID, kind: .channel, keys: [EmulatedKey(publicKey: apps[2].key.publicKey)]),
        ]
        var com = CozeEmulatorConfiguration()
        com.region = .com
        com.apps = [EmulatedApp(appID: apps[1].appID, keys: [EmulatedKey(publicKey: apps[1].key.publicKey)])]

        try await withCozeEmulator(cn) { cnServer in
            try await withCozeEmulator(com) { comServer in
                say("2. Started local Coze emulators: cn at \(cnServer.baseURL) (aud api.coze.cn), com at \(comServer.baseURL) (aud api.coze.com).")
                let registryPath = try writeRegistry(in: folder, apps: apps, cnURL: cnServer.baseURL, comURL: comServer.baseURL)
                let environment = ["SESAME_DEMO_COM_KEY": try base64PEM(apps[1].key), Self.vaultVariable: vaultPassphrase]
                let context = RegistryContext(environment: { environment[$0] ?? ProcessInfo.processInfo.environment[$0] })
                let registry = try Registry.load(file: registryPath, context: context)
                say("3. Wrote and validated \(keepFiles ? registryPath : "a temporary providers.json"): \(registry.providers.count) providers, \(registry.keyStores.count) key stores.")

                let broker = TokenBroker(registry: registry)
                say("4. Tokens through the registry (values redacted):")
                for name in registry.providerNames {
                    let token = try await broker.token(for: name)
                    say("   ✓ \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(redacted(token))  expires \(token.expiresAt.formatted(.iso8601))")
                }
                let session = try await broker.token(for: "coze-cn", TokenRequest(sessionName: "user-42"))
                say("   ✓ coze-cn for end user \"user-42\" (session_name): \(redacted(session))")

                let before = cnServer.stats.tokenRequests
                _ = try await broker.token(for: "coze-cn")
                let after = cnServer.stats.tokenRequests
                let statistics = try await broker.cache(for: "coze-cn").statistics
                say("5. Cache: asking for coze-cn again sent \(after - before) requests to the emulator (cache hits so far: \(statistics.hits)).")

                let cache = try broker.cache(for: "coze-com")
                let sharedBefore = comServer.stats.tokenRequests
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<1000 {
                        group.addTask { _ = try await cache.token(for: TokenRequest(sessionName: "burst")) }
                    }
                    try await group.waitForAll()
                }
                say("   1,000 concurrent callers for a new coze-com session caused \(comServer.stats.tokenRequests - sharedBefore) token exchange.")
                await broker.shutdown()
            }
        }
        say("Done. Next: `sesame keys generate`, then your own providers.json (README, \"Configuration\").")
        if keepFiles { say("Files kept in \(folder)") }
    }

    /// `sesame-demo-PID-`: the process that made a folder is in its name, so a folder left by a demo
    /// that was killed (SIGKILL) is known to be stale once that process is gone.
    private static let folderPrefix = "sesame-demo-"

    private func makeFolder() throws -> String {
        let name = "\(Self.folderPrefix)\(getpid())-\(UUID().uuidString.prefix(8))"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    /// Removes the folders of earlier demos whose process no longer exists (never one kept with
    /// `--keep`, which prints its path and is the user's; such a folder has a `.keep` marker).
    private static func removeStaleFolders() -> [String] {
        let temporary = FileManager.default.temporaryDirectory.path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary) else { return [] }
        return names.filter { $0.hasPrefix(folderPrefix) }.compactMap { name in
            let fields = name.dropFirst(folderPrefix.count).split(separator: "-")
            guard fields.count == 2, let pid = pid_t(fields[0]), pid > 0 else { return nil }
            let path = temporary + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_uid == geteuid() else { return nil }
            guard !FileManager.default.fileExists(atPath: path + "/.keep") else { return nil }
            guard kill(pid, 0) != 0, errno == ESRCH else { return nil }
            return (try? FileManager.default.removeItem(atPath: path)) != nil ? path : nil
        }
    }

    private static let vaultVariable = "SESAME_DEMO_VAULT_PASSPHRASE"

    private func makeKeys(in folder: String, vaultPassphrase: String) async throws -> [DemoApp] {
        async let first = RSAPrivateKey.generate()
        async let second = RSAPrivateKey.generate()
        let third = try RSAPrivateKey.generate()
        let keys = try await [first, second, third]

        try FileManager.default.createDirectory(atPath: folder + "/keys", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try SecretFileWriter.write(try keys[0].pem(.pkcs8), to: folder + "/keys/coze-cn.pem")
        // The demo's vault uses the interactive KDF level so that it unlocks in a blink; real vaults
        // default to moderate (see `sesame vault init --help`).
        let environment = VaultEnvironment(lookup: { $0 == Self.vaultVariable ? vaultPassphrase : nil })
        let vault = Vault(path: folder + "/vault", configuration: VaultConfiguration(
            passphrase: PassphraseResolver(file: nil, variable: Self.vaultVariable, environment: environment)
        ))
        try vault.create(kdf: .interactive)
        try vault.put(try keys[2].pem(.pkcs1), named: "coze-cn-channel")
        return [
            DemoApp(provider: "coze-cn", appID: "1133483935040", key: keys[0], storeNote: "PEM file keys/coze-cn.pem (PKCS#8, mode 0600)"),
            DemoApp(provider: "coze-com", appID: "7436284951027", key: keys[1], storeNote: "environment variable SESAME_DEMO_COM_KEY (base64-encoded PEM)"),
            DemoApp(provider: "coze-cn-channel", appID: "1187365024913", key: keys[2], storeNote: "encrypted vault (libsodium), entry coze-cn-channel (PKCS#1)"),
        ]
    }

    private func writeRegistry(in folder: String, apps: [DemoApp], cnURL: String, comURL: String) throws -> String {
        let json = """
        {
          "version": 1,
          "keyStores": {
            "files": { "type": "pem-file", "directory": "keys" },
            "env": { "type": "env" },
            "vault": { "type": "sodium-vault", "path": "vault", "passphraseEnv": "\(Self.vaultVariable)" }
          },
          "providers": {
            "coze-cn": {
              "type": "coze-jwt", "region": "cn", "baseURL": "\(cnURL)",
              "appId": "\(apps[0].appID)", "keyId": "\(apps[0].key.publicKey.thumbprint)",
              "privateKey": { "store": "files", "name": "coze-cn.pem" }
            },
            "coze-com": {
              "type": "coze-jwt", "region": "com", "baseURL": "\(comURL)",
              "appId": "\(apps[1].appID)", "keyId": "\(apps[1].key.publicKey.thumbprint)",
              "privateKey": { "store": "env", "name": "SESAME_DEMO_COM_KEY" }
            },
            "coze-cn-channel": {
              "type": "coze-jwt", "region": "cn", "baseURL": "\(cnURL)",
              "appId": "\(apps[2].appID)", "keyId": "\(apps[2].key.publicKey.thumbprint)",
              "privateKey": { "store": "vault", "name": "coze-cn-channel" },
              "scope": { "permissions": ["Connector.botChat"], "botIds": ["7428933120963"] }
            }
          }
        }
        """
        let path = folder + "/providers.json"
        try SecretFileWriter.write(SecretBytes(utf8: json), to: path)
        return path
    }

    private func base64PEM(_ key: RSAPrivateKey) throws -> String {
        try key.pem(.pkcs8).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    private func redacted(_ token: AccessToken) -> String {
        "\(token.value.prefix(4))…(\(token.value.count) chars)"
    }
}
