import Configuration
import CozeEmulator
import Foundation
import Sesame
import SesameConfiguration
import SesameTestSupport
import Synchronization
import Testing

/// A registry built from a swift-configuration `ConfigReader`: JSON files, environment variables,
/// in-memory values; strict errors with JSON-style paths; a token from the emulator.
@Suite("Registry from a ConfigReader")
struct ConfigReaderRegistryTests {
    private static func pem(_ key: RSAPrivateKey) throws -> String {
        try key.pem().withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a registry in an app's JSON settings file gets a token from the emulator")
    func fromJSONFile() async throws {
        let key = try await TestKeys.shared()
        let folder = try TemporaryFolder(prefix: "sesame-config")
        try folder.write(try key.pem(), to: "keys/app.pem")
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [EmulatedApp(appID: "1133483935040", keys: [EmulatedKey(publicKey: key.publicKey)])]
        try await withCozeEmulator(configuration) { emulator in
            let settings = try folder.write("""
            {
              "database": { "host": "db.internal" },
              "sesame": {
                "version": 1,
                "keyStores": { "files": { "type": "pem-file", "directory": "keys" } },
                "providers": {
                  "coze": { "type": "coze-jwt", "region": "cn", "baseURL": "\(emulator.baseURL)", "timeout": 60,
                            "appId": "1133483935040", "keyId": "\(key.publicKey.thumbprint)",
                            "privateKey": { "store": "files", "name": "app.pem" } }
                }
              }
            }
            """, to: "app.json")
            let reader = ConfigReader(provider: try await FileProvider<JSONSnapshot>(filePath: .init(settings)))
            let registry = try Registry.load(from: reader, providers: ["coze"], directory: folder.path)
            #expect(registry.providerNames == ["coze"])
            #expect(registry.keyStores.keys.sorted() == ["files"])
            let token = try await registry.provider(named: "coze").provider.fetchToken(TokenRequest())
            #expect(token.value.hasPrefix("czs_"))
            #expect(emulator.stats.tokensIssued == 1)
        }
    }

    @Test("environment variables under a prefix: SESAME_PROVIDERS_COZE_APP_ID and friends")
    func fromEnvironment() async throws {
        let key = try await TestKeys.shared()
        let provider = EnvironmentVariablesProvider(environmentVariables: [
            "SESAME_PROVIDERS_DEV_TYPE": "coze-jwt",
            "SESAME_PROVIDERS_DEV_REGION": "com",
            "SESAME_PROVIDERS_DEV_APP_ID": "1133483935040",
            "SESAME_PROVIDERS_DEV_KEY_ID": key.publicKey.thumbprint,
            "SESAME_PROVIDERS_DEV_PRIVATE_KEY_STORE": "env",
            "SESAME_PROVIDERS_DEV_PRIVATE_KEY_NAME": "APP_PRIVATE_KEY",
            "SESAME_PROVIDERS_DEV_TOKEN_LIFETIME": "1200",
            "SESAME_KEY_STORES_ENV_TYPE": "env",
        ])
        let pem = try Self.pem(key)
        let context = RegistryContext(environment: { $0 == "APP_PRIVATE_KEY" ? pem : nil })
        let registry = try Registry.load(from: ConfigReader(provider: provider), providers: ["dev"], context: context)
        let coze = try #require(try registry.provider(named: "dev").provider as? CozeJWTProvider)
        #expect(coze.configuration.region == .com)
        #expect(coze.configuration.tokenLifetime == 1200)
        #expect(coze.configuration.privateKey.description == "env:APP_PRIVATE_KEY")
        let assertion = try await coze.assertion()
        #expect(assertion.claims.aud == "api.coze.com")
    }

    @Test("the same strict errors, every one at once, with JSON-style paths under the prefix")
    func strictErrors() throws {
        let provider = InMemoryProvider(values: [
            "app.sesame.providers.coze.type": "coze-jwt",
            "app.sesame.providers.coze.region": "cm",
            "app.sesame.providers.coze.appId": .init(.int(1133483935040), isSecret: false),
            "app.sesame.providers.coze.keyId": "key",
            "app.sesame.providers.coze.tokenLifetime": .init(.int(100000), isSecret: false),
            "app.sesame.providers.coze.privateKey.store": "files",
            "app.sesame.providers.coze.privateKey.name": "app.pem",
            "app.sesame.providers.other.type": "coze-jwr",
            "app.sesame.providers.inline.type": "coze-jwt",
            "app.sesame.providers.inline.region": "cn",
            "app.sesame.providers.inline.appId": "1133483935040",
            "app.sesame.providers.inline.keyId": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
            "app.sesame.providers.inline.privateKey.store": "env",
            "app.sesame.providers.inline.privateKey.name": "X",
            "app.sesame.keyStores.env.type": "env",
        ])
        #expect { try Registry.load(from: ConfigReader(provider: provider), keyPrefix: "app.sesame", providers: ["coze", "other", "inline", "absent"]) } throws: { error in
            guard let error = error as? RegistryError, error.code == .invalid else { return false }
            let lines = error.issues.map(\.description)
            let expected = [
                "app.sesame.providers.absent: missing; expected an object",
                "app.sesame.providers.coze.appId: IDs must be JSON strings; write \"1133483935040\" in quotes",
                "app.sesame.providers.coze.privateKey.store: unknown key store \"files\"",
                "app.sesame.providers.coze.region: unknown value \"cm\"; did you mean \"cn\"?",
                "app.sesame.providers.coze.tokenLifetime: must be between 1 and 86399, got 100000",
                "app.sesame.providers.inline.keyId: looks like a PEM",
                "app.sesame.providers.other.type: unknown provider type \"coze-jwr\"; did you mean \"coze-jwt\"?",
            ]
            for prefix in expected where !lines.contains(where: { $0.hasPrefix(prefix) }) {
                Issue.record("no issue starting with \(prefix) in:\n\(lines.joined(separator: "\n"))")
            }
            return !error.message.contains("MIIE")
        }
    }

    @Test("an absent optional object is absent; a partly written one is reported")
    func optionalObjects() throws {
        let base: [AbsoluteConfigKey: ConfigValue] = [
            "sesame.providers.coze.type": "coze-jwt", "sesame.providers.coze.region": "cn",
            "sesame.providers.coze.appId": "1133483935040", "sesame.providers.coze.keyId": "_VzHkKSlwVT2yfAcNrZraFCpusQjQ7pXpEagzYheN7s",
            "sesame.providers.coze.privateKey.store": "env", "sesame.providers.coze.privateKey.name": "K",
            "sesame.keyStores.env.type": "env",
        ]
        let registry = try Registry.load(from: ConfigReader(provider: InMemoryProvider(values: base)), providers: ["coze"])
        let coze = try #require(try registry.provider(named: "coze").provider as? CozeJWTProvider)
        #expect(coze.configuration.scope == nil)
        var partial = base
        partial["sesame.providers.coze.scope.permissions"] = .init(.stringArray(["Connector.botChat"]), isSecret: false)
        #expect { try Registry.load(from: ConfigReader(provider: InMemoryProvider(values: partial)), providers: ["coze"]) } throws: { error in
            "\(error)".contains("sesame.providers.coze.scope.botIds: missing")
        }
    }

    @Test("tokenCache from a ConfigReader: built by type, absent when no type is set, errors with paths; fingerprints follow the values")
    func tokenCache() throws {
        let base: [AbsoluteConfigKey: ConfigValue] = [
            "sesame.providers.coze.type": "coze-jwt", "sesame.providers.coze.region": "cn",
            "sesame.providers.coze.appId": "1133483935040", "sesame.providers.coze.keyId": "_VzHkKSlwVT2yfAcNrZraFCpusQjQ7pXpEagzYheN7s",
            "sesame.providers.coze.privateKey.store": "env", "sesame.providers.coze.privateKey.name": "K",
            "sesame.keyStores.env.type": "env",
        ]
        let plain = try Registry.load(from: ConfigReader(provider: InMemoryProvider(values: base)), providers: ["coze"])
        #expect(plain.tokenCache == nil)

        var shared = base
        shared["sesame.tokenCache.type"] = "file"
        shared["sesame.tokenCache.directory"] = "/var/cache/sesame-test"
        let registry = try Registry.load(from: ConfigReader(provider: InMemoryProvider(values: shared)), providers: ["coze"])
        let store = try #require(registry.tokenCache?.store as? FileTokenStore)
        #expect(store.directory == "/var/cache/sesame-test")
        let fingerprint = try registry.provider(named: "coze").configurationFingerprint
        #expect(fingerprint == (try plain.provider(named: "coze").configurationFingerprint))

        var otherKey = base
        otherKey["sesame.providers.coze.keyId"] = "another-key-id"
        let changed = try Registry.load(from: ConfigReader(provider: InMemoryProvider(values: otherKey)), providers: ["coze"])
        #expect(try changed.provider(named: "coze").configurationFingerprint != fingerprint)

        var wrong = base
        wrong["sesame.tokenCache.type"] = "fiel"
        #expect { try Registry.load(from: ConfigReader(provider: InMemoryProvider(values: wrong)), providers: ["coze"]) } throws: { error in
            "\(error)".contains(#"sesame.tokenCache.type: unknown token cache type "fiel"; did you mean "file"?"#)
        }
    }
}

/// `KeyStoreConfigProvider`: an app's other secrets from a Sesame key store through `ConfigReader`.
@Suite("KeyStoreConfigProvider")
struct KeyStoreConfigProviderTests {
    @Test("values come from the store, are marked secret, and the access log redacts them")
    func secretValues() async throws {
        let folder = try TemporaryFolder(prefix: "sesame-config-store")
        try folder.write("s3cr3t-database-password\n", to: "keys/db-password")
        try folder.write("5432", to: "keys/db-port")
        let store = PEMFileKeyStore(directory: folder.file("keys"), baseDirectory: folder.path)
        let provider = try await KeyStoreConfigProvider(store: store, keys: ["database.password": "db-password", "database.port": "db-port"], name: "keys")
        let events = AccessEvents()
        let reader = ConfigReader(providers: [provider], accessReporter: events)
        #expect(reader.string(forKey: "database.password") == "s3cr3t-database-password\n")
        #expect(reader.int(forKey: "database.port") == 5432)
        #expect(reader.string(forKey: "database.user") == nil)
        let fetched = try await reader.fetchString(forKey: "database.password")
        #expect(fetched == "s3cr3t-database-password\n")
        let logged = events.descriptions.joined(separator: "\n")
        #expect(!logged.isEmpty)
        #expect(!logged.contains("s3cr3t"), "the access log must redact: \(logged)")
    }

    @Test("a missing entry fails at creation, naming the entry and never a value")
    func missingEntry() async throws {
        let folder = try TemporaryFolder(prefix: "sesame-config-store")
        let store = PEMFileKeyStore(directory: folder.path, baseDirectory: folder.path)
        await #expect(throws: KeyStoreError.self) {
            _ = try await KeyStoreConfigProvider(store: store, keys: ["api.key": "absent"])
        }
    }
}

/// Collects access events as text.
final class AccessEvents: AccessReporter, Sendable {
    private let events = Mutex<[String]>([])
    var descriptions: [String] { events.withLock { $0 } }
    func report(_ event: AccessEvent) {
        events.withLock { $0.append("\(event)") }
    }
}
