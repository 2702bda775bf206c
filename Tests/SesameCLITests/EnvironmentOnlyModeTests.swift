import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

/// Environment-only mode with real processes: the Coze SDKs' variables and nothing else.
@Suite("environment-only mode: sesame with the Coze SDKs' variables and no providers.json", .serialized)
struct EnvironmentOnlyModeTests {
    /// Every inherited variable that could choose a registry or a Coze app is dropped first.
    static let inherited = ["SESAME_CONFIG", "COZE_*"]

    /// The variables for the fixture's app with the private key given as `variable`.
    static func variables(_ fixture: CLIFixture, baseURL: String?, key variable: String, value: String) -> [String: String] {
        var environment = [
            "COZE_JWT_OAUTH_CLIENT_ID": fixture.appID,
            "COZE_JWT_OAUTH_PUBLIC_KEY_ID": fixture.keyID,
            variable: value,
        ]
        environment["COZE_API_BASE"] = baseURL
        return environment
    }

    static func pemText(_ fixture: CLIFixture) throws -> String {
        try fixture.key.pem().withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The private key in each form the SDK examples accept.
    static let keyForms = ["plain PEM", "PEM with \\n escapes", "base64 PEM", "file path", "relative file path"]

    static func keyVariable(_ form: String, _ fixture: CLIFixture) throws -> (String, String) {
        let pem = try pemText(fixture)
        switch form {
        case "plain PEM": return ("COZE_JWT_OAUTH_PRIVATE_KEY", pem)
        case "PEM with \\n escapes": return ("COZE_JWT_OAUTH_PRIVATE_KEY", pem.replacingOccurrences(of: "\n", with: "\\n"))
        case "base64 PEM": return ("COZE_JWT_OAUTH_PRIVATE_KEY_BASE64", Data(pem.utf8).base64EncodedString())
        case "file path": return ("COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH", fixture.directory.file("keys/app.pem"))
        default: return ("COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH", "keys/app.pem")
        }
    }

    @Test("each private key variable gives a token; a non-Coze COZE_API_BASE keeps the default region, said once on stderr", arguments: keyForms)
    func tokenFromVariables(form: String) async throws {
        let fixture = try await CLIFixture.make()
        let (variable, value) = try Self.keyVariable(form, fixture)
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let environment = Self.variables(fixture, baseURL: emulator.baseURL, key: variable, value: value)
            let result = try await SesameBinary.run(["token", "coze"], environment: environment, removing: Self.inherited, directory: fixture.folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("czs_"))
            #expect(emulator.stats.tokensIssued >= 1)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("region cn (the default)"))
            #expect(!result.stderr.contains("BEGIN"), "no key material on stderr")
        }
    }

    @Test("COZE_API_BASE https://api.coze.com selects region com; api.coze.cn selects cn; no default is announced")
    func regionFromAPIBase() async throws {
        let fixture = try await CLIFixture.make()
        let pem = try Self.pemText(fixture)
        for (base, region) in [("https://api.coze.com", "com"), ("https://api.coze.cn/", "cn")] {
            let environment = Self.variables(fixture, baseURL: base, key: "COZE_JWT_OAUTH_PRIVATE_KEY", value: pem)
            let result = try await SesameBinary.run(["providers", "list"], environment: environment, removing: Self.inherited, directory: fixture.folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("coze (coze-jwt): app \(fixture.appID), key \(fixture.keyID), region \(region)"), "\(result.stdout)")
            #expect(!result.stdout.contains("baseURL"))
            #expect(result.stderr.isEmpty, "\(result.stderr)")
        }
    }

    @Test("without COZE_API_BASE the region is cn, and stderr says so with the variable that changes it")
    func defaultRegionNamed() async throws {
        let fixture = try await CLIFixture.make()
        let environment = Self.variables(fixture, baseURL: nil, key: "COZE_JWT_OAUTH_PRIVATE_KEY", value: try Self.pemText(fixture))
        let result = try await SesameBinary.run(["jwt", "coze", "--decode"], environment: environment, removing: Self.inherited, directory: fixture.folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"aud\":\"api.coze.cn\"") || result.stdout.contains("\"aud\" : \"api.coze.cn\"") || result.stdout.contains("api.coze.cn"))
        #expect(result.stderr.contains("region cn (the default)"))
        #expect(result.stderr.contains("COZE_API_BASE=https://api.coze.com"))
    }

    @Test("doctor coze works from the variables alone")
    func doctorFromVariables() async throws {
        let fixture = try await CLIFixture.make()
        let environment = Self.variables(fixture, baseURL: "https://api.coze.com", key: "COZE_JWT_OAUTH_PRIVATE_KEY", value: try Self.pemText(fixture))
        let result = try await SesameBinary.run(["doctor", "coze", "--offline", "--json"], environment: environment, removing: Self.inherited, directory: fixture.folder)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["provider"] as? String == "coze")
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.first { $0["id"] as? String == "region" }?["status"] as? String == "pass")
        #expect(checks.first { $0["id"] as? String == "private-key" }?["message"] as? String == "private key env:COZE_JWT_OAUTH_PRIVATE_KEY: RSA 2048 bits, PKCS#8")
    }

    @Test("exec runs a command with the token from the variables")
    func execFromVariables() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let environment = Self.variables(fixture, baseURL: emulator.baseURL, key: "COZE_JWT_OAUTH_PRIVATE_KEY", value: try Self.pemText(fixture))
            let result = try await SesameBinary.run(["exec", "coze", "--", "sh", "-c", "printf %s \"$COZE_API_TOKEN\" | cut -c1-4"], environment: environment, removing: Self.inherited, directory: fixture.folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "czs_\n")
        }
    }

    @Test("missing variables are named, all at once, with nothing on stdout")
    func missingVariables() async throws {
        let fixture = try await CLIFixture.make()
        let result = try await SesameBinary.run(["token", "coze"], environment: ["COZE_JWT_OAUTH_CLIENT_ID": fixture.appID], removing: Self.inherited, directory: fixture.folder)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("COZE_JWT_OAUTH_PUBLIC_KEY_ID"))
        #expect(result.stderr.contains("COZE_JWT_OAUTH_PRIVATE_KEY"))
    }

    @Test("with neither a registry nor the variables, the error names every way to configure sesame")
    func nothingConfigured() async throws {
        let fixture = try await CLIFixture.make()
        let result = try await SesameBinary.run(["token", "coze"], removing: Self.inherited, directory: fixture.folder)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("providers.json does not exist"))
        #expect(result.stderr.contains("--config"))
        #expect(result.stderr.contains("SESAME_CONFIG"))
        #expect(result.stderr.contains("COZE_JWT_OAUTH_CLIENT_ID"))
    }

    @Test("precedence: --config, then SESAME_CONFIG, then ./providers.json, then the variables")
    func precedence() async throws {
        let fixture = try await CLIFixture.make()
        let variables = Self.variables(fixture, baseURL: "https://api.coze.com", key: "COZE_JWT_OAUTH_PRIVATE_KEY", value: try Self.pemText(fixture))
        func registry(_ provider: String, _ file: String) throws -> String {
            try fixture.write("""
            {"version": 1, "keyStores": {"files": {"type": "pem-file", "directory": "keys"}},
             "providers": {"\(provider)": {"type": "coze-jwt", "region": "cn", "appId": "\(fixture.appID)", "keyId": "\(fixture.keyID)", "privateKey": {"store": "files", "name": "app.pem"}}}}
            """, to: file)
        }
        func providers(_ environment: [String: String], _ arguments: [String] = []) async throws -> String {
            let result = try await SesameBinary.run(["providers", "list"] + arguments, environment: environment, removing: Self.inherited, directory: fixture.folder)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        // Only the variables.
        #expect(try await providers(variables).contains("coze (coze-jwt)"))
        // ./providers.json wins over the variables.
        _ = try registry("from-default-file", "providers.json")
        #expect(try await providers(variables).contains("from-default-file (coze-jwt)"))
        // SESAME_CONFIG wins over ./providers.json.
        let named = try registry("from-sesame-config", "named.json")
        var withConfig = variables
        withConfig["SESAME_CONFIG"] = named
        #expect(try await providers(withConfig).contains("from-sesame-config (coze-jwt)"))
        // --config wins over SESAME_CONFIG.
        let explicit = try registry("from-flag", "explicit.json")
        #expect(try await providers(withConfig, ["--config", explicit]).contains("from-flag (coze-jwt)"))
        // A SESAME_CONFIG naming a missing file is an error, not a fall-back to the variables.
        withConfig["SESAME_CONFIG"] = fixture.directory.file("missing.json")
        let missing = try await SesameBinary.run(["providers", "list"], environment: withConfig, removing: Self.inherited, directory: fixture.folder)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("missing.json does not exist"))
    }

    @Test("the library resolves the same precedence and never prints: the default region is a value")
    func libraryResolution() async throws {
        let fixture = try await CLIFixture.make()
        let variables = Self.variables(fixture, baseURL: nil, key: "COZE_JWT_OAUTH_PRIVATE_KEY", value: try Self.pemText(fixture))
        let lookup: @Sendable (String) -> String? = { variables[$0] }
        #expect(RegistrySource.resolve(explicit: nil, environment: lookup, currentDirectory: fixture.folder) == .cozeEnvironment)
        #expect(RegistrySource.resolve(explicit: "x.json", environment: lookup, currentDirectory: fixture.folder) == .file("x.json"))
        #expect(RegistrySource.resolve(explicit: nil, environment: { _ in nil }, currentDirectory: fixture.folder) == .file("providers.json"))
        let loaded = try Registry.fromCozeEnvironment(context: RegistryContext(environment: lookup))
        #expect(loaded.registry.providerNames == ["coze"])
        #expect(loaded.notes.count == 1)
        #expect(loaded.notes[0].contains("region cn (the default)"))
        let provider = try #require(try loaded.registry.provider(named: "coze").provider as? CozeJWTProvider)
        #expect(provider.configuration.appID == fixture.appID)
        #expect(provider.configuration.region == .cn)
        _ = try await provider.privateKey()
    }
}
