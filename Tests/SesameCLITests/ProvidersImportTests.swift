import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

/// `sesame providers import` with real processes, files and the emulator.
@Suite("sesame providers import: the Coze SDKs' settings become a providers.json entry", .serialized)
struct ProvidersImportTests {
    static let inherited = ["SESAME_CONFIG", "COZE_*"]

    static func pemText(_ fixture: CLIFixture) throws -> String {
        try fixture.key.pem().withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func provider(_ document: [String: Any], _ name: String = "coze") throws -> [String: Any] {
        let providers = try #require(document["providers"] as? [String: Any])
        return try #require(providers[name] as? [String: Any])
    }

    @Test("--from-env prints a registry whose entry refers to the variable, and names what it used and ignored")
    func fromEnvironment() async throws {
        let fixture = try await CLIFixture.make()
        let environment = [
            "COZE_JWT_OAUTH_CLIENT_ID": fixture.appID,
            "COZE_JWT_OAUTH_PUBLIC_KEY_ID": fixture.keyID,
            "COZE_JWT_OAUTH_PRIVATE_KEY": try Self.pemText(fixture),
            "COZE_API_BASE": "https://api.coze.com",
            "COZE_BOT_ID": "7428933120963401234",
        ]
        let result = try await SesameBinary.run(["providers", "import", "--from-env"], environment: environment, removing: Self.inherited, directory: fixture.folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("BEGIN"), "the key stays in the variable")
        let document = try Self.json(result.stdout)
        let entry = try Self.provider(document)
        #expect(entry["type"] as? String == "coze-jwt")
        #expect(entry["region"] as? String == "com")
        #expect(entry["appId"] as? String == fixture.appID)
        #expect(entry["keyId"] as? String == fixture.keyID)
        #expect(entry["privateKey"] as? [String: String] == ["store": "env", "name": "COZE_JWT_OAUTH_PRIVATE_KEY"])
        #expect((document["keyStores"] as? [String: Any])?["env"] as? [String: String] == ["type": "env"])
        for used in ["COZE_JWT_OAUTH_CLIENT_ID", "COZE_JWT_OAUTH_PUBLIC_KEY_ID", "COZE_JWT_OAUTH_PRIVATE_KEY", "COZE_API_BASE"] {
            #expect(result.stderr.contains("used \(used)"), "\(result.stderr)")
        }
        #expect(result.stderr.contains("ignored COZE_BOT_ID"))
        // The printed registry is valid as it stands.
        let saved = try fixture.write(result.stdout, to: "imported.json")
        let validation = try await SesameBinary.run(["providers", "validate", "--config", saved], removing: Self.inherited)
        #expect(validation.status == 0, "\(validation.stderr)")
    }

    /// `.env` files as people write them: each gives the same app.
    static let dotenvSyntaxes: [String] = [
        "plain",
        "export",
        "double-quoted multi-line",
        "single-quoted with comments",
        "\\n escapes and CRLF",
        "base64 and spaces around =",
    ]

    static func dotenv(_ syntax: String, _ fixture: CLIFixture, baseURL: String) throws -> String {
        let pem = try pemText(fixture)
        let escaped = pem.replacingOccurrences(of: "\n", with: "\\n")
        switch syntax {
        case "plain":
            return "COZE_JWT_OAUTH_CLIENT_ID=\(fixture.appID)\nCOZE_JWT_OAUTH_PUBLIC_KEY_ID=\(fixture.keyID)\nCOZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH=keys/app.pem\nCOZE_API_BASE=\(baseURL)\n"
        case "export":
            return "export COZE_JWT_OAUTH_CLIENT_ID=\(fixture.appID)\nexport COZE_JWT_OAUTH_PUBLIC_KEY_ID=\(fixture.keyID)\nexport COZE_JWT_OAUTH_PRIVATE_KEY=\"\(escaped)\"\nexport COZE_API_BASE=\(baseURL)\n"
        case "double-quoted multi-line":
            return "# Coze\nCOZE_JWT_OAUTH_CLIENT_ID=\"\(fixture.appID)\"\nCOZE_JWT_OAUTH_PUBLIC_KEY_ID=\"\(fixture.keyID)\"\nCOZE_JWT_OAUTH_PRIVATE_KEY=\"\(pem)\"\nCOZE_API_BASE=\"\(baseURL)\"\nOPENAI_API_KEY=unused\n"
        case "single-quoted with comments":
            return "COZE_JWT_OAUTH_CLIENT_ID='\(fixture.appID)' # the app\n\n# key\nCOZE_JWT_OAUTH_PUBLIC_KEY_ID='\(fixture.keyID)'\nCOZE_JWT_OAUTH_PRIVATE_KEY='\(pem)'\nCOZE_API_BASE='\(baseURL)'\n"
        case "\\n escapes and CRLF":
            return "COZE_JWT_OAUTH_CLIENT_ID=\(fixture.appID)\r\nCOZE_JWT_OAUTH_PUBLIC_KEY_ID=\(fixture.keyID)\r\nCOZE_JWT_OAUTH_PRIVATE_KEY=\(escaped)\r\nCOZE_API_BASE=\(baseURL)\r\n"
        default:
            return "COZE_JWT_OAUTH_CLIENT_ID = \(fixture.appID)\nCOZE_JWT_OAUTH_PUBLIC_KEY_ID = \(fixture.keyID)\nCOZE_JWT_OAUTH_PRIVATE_KEY_BASE64 = \(Data(pem.utf8).base64EncodedString())\nCOZE_API_BASE = \(baseURL)\n"
        }
    }

    @Test(".env files in every common syntax import to an entry that gets a token", arguments: dotenvSyntaxes)
    func fromDotenv(syntax: String) async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let text = try Self.dotenv(syntax, fixture, baseURL: emulator.baseURL)
            _ = try fixture.write(text, to: ".env")
            let imported = try await SesameBinary.run(["providers", "import", "--dotenv", ".env", "--write", "providers.json"], removing: Self.inherited, directory: fixture.folder)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.isEmpty)
            #expect(!(try fixture.directory.text("providers.json")).contains("BEGIN"))
            if syntax == "double-quoted multi-line" { #expect(imported.stderr.contains("ignored OPENAI_API_KEY")) }
            let token = try await SesameBinary.run(["token", "coze"], removing: Self.inherited, directory: fixture.folder)
            #expect(token.status == 0, "\(token.stderr)")
            #expect(token.stdout.hasPrefix("czs_"))
        }
    }

    @Test("a .env others can read, or another user's, is named with the fix the dotenv store would give: chmod for yours, chown (as root) for another's", arguments: ["mode", "owner"])
    func dotenvPermissionNote(problem: String) async throws {
        let fixture = try await CLIFixture.make()
        let path = try fixture.write(try Self.dotenv("plain", fixture, baseURL: "https://api.coze.cn"), to: ".env")
        chmod(path, 0o644)
        if problem == "owner" {
            // Only root can give a file away; as another user this case is the mode case again.
            if geteuid() == 0 { chown(path, 65534, 65534) }
        }
        let imported = try await SesameBinary.run(["providers", "import", "--dotenv", ".env"], removing: Self.inherited, directory: fixture.folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        if problem == "owner" && geteuid() == 0 {
            #expect(imported.stderr.contains("the dotenv store will refuse this file: .env file .env is owned by uid 65534, not by you"), "\(imported.stderr)")
            // Root can take the file over; the advice is chown, not a chmod that would not make it theirs.
            #expect(imported.stderr.contains("fix: chown 0 .env"), "\(imported.stderr)")
            #expect(!imported.stderr.contains("chmod 600 .env"), "no chmod advice for another user's file")
        } else {
            #expect(imported.stderr.contains("the dotenv store will refuse this file: .env file .env has mode 0644 (group/others can read it); fix: chmod 600 .env"), "\(imported.stderr)")
        }
    }

    @Test("--write adds the entry and its store to an existing registry; every other entry keeps its value and the file its mode")
    func writeKeepsOtherEntries() async throws {
        let fixture = try await CLIFixture.make()
        let original = """
        {
          "version": 1,
          "keyStores": {
            "files": { "type": "pem-file", "directory": "keys" }
          },
          "providers": {
            "coze-cn": { "type": "coze-jwt", "region": "cn", "appId": "1133483935040",
                         "keyId": "\(fixture.keyID)", "privateKey": { "store": "files", "name": "app.pem" }, "tokenLifetime": 900 },
            "big-id": { "type": "coze-jwt", "region": "com", "appId": "123456789012345678901234567890",
                        "keyId": "\(fixture.keyID)", "privateKey": { "store": "files", "name": "app.pem" } }
          }
        }

        """
        let path = try fixture.write(original, to: "providers.json")
        try TemporaryFolder.setMode(0o640, of: path)
        let before = try Self.json(original)
        let environment = [
            "COZE_JWT_OAUTH_CLIENT_ID": "7000000000001",
            "COZE_JWT_OAUTH_PUBLIC_KEY_ID": fixture.keyID,
            "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH": "keys/app.pem",
        ]
        let result = try await SesameBinary.run(["providers", "import", "--from-env", "--name", "coze-new", "--write", "providers.json"], environment: environment, removing: Self.inherited, directory: fixture.folder)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try fixture.directory.text("providers.json")
        let after = try Self.json(text)
        #expect(try TemporaryFolder.mode(of: path) == 0o640)
        // The old entries, byte for byte where they were, and equal as values.
        #expect(text.contains("\"appId\": \"123456789012345678901234567890\""))
        let oldProviders = try #require(before["providers"] as? [String: Any])
        let newProviders = try #require(after["providers"] as? [String: Any])
        for (name, value) in oldProviders {
            #expect(NSDictionary(dictionary: value as! [String: Any]).isEqual(to: newProviders[name] as! [String: Any]), "\(name) changed")
        }
        #expect((after["keyStores"] as? [String: Any])?["files"] as? [String: String] == ["type": "pem-file", "directory": "keys"])
        let added = try Self.provider(after, "coze-new")
        #expect(added["appId"] as? String == "7000000000001")
        let reference = try #require(added["privateKey"] as? [String: String])
        let store = try #require(reference["store"])
        #expect((after["keyStores"] as? [String: Any])?[store] as? [String: String] == ["type": "pem-file"])
        #expect(reference["name"] == "keys/app.pem")
        #expect(result.stderr.contains("region cn (the default)"))
        let validation = try await SesameBinary.run(["providers", "validate"], removing: Self.inherited, directory: fixture.folder)
        #expect(validation.status == 0, "\(validation.stderr)")

        // A name already in use is refused, and the file is left exactly as it was.
        let again = try await SesameBinary.run(["providers", "import", "--from-env", "--name", "coze-cn", "--write", "providers.json"], environment: environment, removing: Self.inherited, directory: fixture.folder)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already defines provider \"coze-cn\""))
        #expect(try fixture.directory.text("providers.json") == text)
    }

    @Test("coze-py's OAuth app JSON: a private_key_file_path is referred to where it is")
    func cozePyJSON() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            _ = try fixture.write("""
            {"client_type": "jwt", "client_id": "\(fixture.appID)", "public_key_id": "\(fixture.keyID)",
             "private_key_file_path": "keys/app.pem", "coze_api_base": "\(emulator.baseURL)", "coze_www_base": "https://www.coze.cn",
             "app_name": "my bot"}
            """, to: "coze_oauth_config.json")
            let imported = try await SesameBinary.run(["providers", "import", "--from-json", "coze_oauth_config.json", "--write", "providers.json"], removing: Self.inherited, directory: fixture.folder)
            #expect(imported.status == 0, "\(imported.stderr)")
            for field in ["client_type", "client_id", "public_key_id", "private_key_file_path", "coze_api_base"] {
                #expect(imported.stderr.contains("used \(field)"), "\(imported.stderr)")
            }
            #expect(imported.stderr.contains("ignored app_name"))
            #expect(imported.stderr.contains("ignored coze_www_base"))
            let token = try await SesameBinary.run(["token", "coze"], removing: Self.inherited, directory: fixture.folder)
            #expect(token.status == 0, "\(token.stderr)")
        }
    }

    @Test("the quickstart's config.json with the key pasted inline: --store moves it into a pem-file folder, never into the registry")
    func quickstartInlineKeyToFolder() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let pem = try Self.pemText(fixture)
            let json = try JSONSerialization.data(withJSONObject: [
                "client_type": "server", "client_id": fixture.appID, "public_key_id": fixture.keyID,
                "private_key": pem, "coze_api_base": emulator.baseURL, "coze_domain": "https://www.coze.cn",
            ])
            _ = try fixture.write(String(decoding: json, as: UTF8.self), to: "config.json")
            let refused = try await SesameBinary.run(["providers", "import", "--from-json", "config.json"], removing: Self.inherited, directory: fixture.folder)
            #expect(refused.status != 0)
            #expect(refused.stdout.isEmpty)
            #expect(refused.stderr.contains("--store"))
            #expect(!refused.stderr.contains("BEGIN"))

            let imported = try await SesameBinary.run(["providers", "import", "--from-json", "config.json", "--store", "secrets/", "--write", "providers.json"], removing: Self.inherited, directory: fixture.folder)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(!imported.stderr.contains("BEGIN"))
            let registry = try fixture.directory.text("providers.json")
            #expect(!registry.contains("BEGIN"), "the registry holds references only")
            let keyFile = fixture.directory.file("secrets/coze.pem")
            #expect(try TemporaryFolder.mode(of: keyFile) == 0o600)
            #expect(try fixture.directory.text("secrets/coze.pem").contains("PRIVATE KEY"))
            let entry = try Self.provider(try Self.json(registry))
            #expect(entry["privateKey"] as? [String: String] == ["store": "keys", "name": "coze.pem"])
            let token = try await SesameBinary.run(["token", "coze"], removing: Self.inherited, directory: fixture.folder)
            #expect(token.status == 0, "\(token.stderr)")
            #expect(token.stdout.hasPrefix("czs_"))
        }
    }

    @Test("--store NAME moves a pasted key into the registry's sodium-vault")
    func inlineKeyToVault() async throws {
        let fixture = try await CLIFixture.make()
        _ = try fixture.write("""
        {"version": 1, "keyStores": {"vault": {"type": "sodium-vault", "path": "vault"}},
         "providers": {"other": {"type": "coze-jwt", "region": "cn", "appId": "1234567890123", "keyId": "\(fixture.keyID)", "privateKey": {"store": "vault", "name": "other"}}}}
        """, to: "providers.json")
        let passphrase = ["SESAME_VAULT_PASSPHRASE": "import test passphrase"]
        let created = try await SesameBinary.run(["vault", "init", "--vault", "vault", "--kdf", "interactive"], environment: passphrase, removing: Self.inherited, directory: fixture.folder)
        try #require(created.status == 0, "\(created.stderr)")
        let json = try JSONSerialization.data(withJSONObject: [
            "client_type": "jwt", "client_id": fixture.appID, "public_key_id": fixture.keyID, "private_key": try Self.pemText(fixture),
        ])
        _ = try fixture.write(String(decoding: json, as: UTF8.self), to: "coze.json")
        let imported = try await SesameBinary.run(["providers", "import", "--from-json", "coze.json", "--store", "vault", "--write", "providers.json"], environment: passphrase, removing: Self.inherited, directory: fixture.folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        let entry = try Self.provider(try Self.json(try fixture.directory.text("providers.json")))
        #expect(entry["privateKey"] as? [String: String] == ["store": "vault", "name": "coze"])
        let listed = try await SesameBinary.run(["vault", "list", "--vault", "vault"], environment: passphrase, removing: Self.inherited, directory: fixture.folder)
        #expect(listed.stdout.contains("coze"), "\(listed.stdout)\(listed.stderr)")
        let jwt = try await SesameBinary.run(["jwt", "coze"], environment: passphrase, removing: Self.inherited, directory: fixture.folder)
        #expect(jwt.status == 0, "\(jwt.stderr)")
    }

    @Test("a web or device app's JSON is refused with the kind of app to create instead")
    func unsupportedClientType() async throws {
        let fixture = try await CLIFixture.make()
        _ = try fixture.write("{\"client_type\": \"web\", \"client_id\": \"123\", \"client_secret\": \"x\", \"coze_api_base\": \"https://api.coze.cn\"}", to: "web.json")
        let result = try await SesameBinary.run(["providers", "import", "--from-json", "web.json"], removing: Self.inherited, directory: fixture.folder)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("client_type \"web\""))
        #expect(result.stderr.contains("JWT"))
    }

    @Test("exactly one source is required")
    func oneSource() async throws {
        let result = try await SesameBinary.run(["providers", "import", "--from-env", "--dotenv", ".env"], removing: Self.inherited)
        #expect(result.status != 0)
        #expect(result.stderr.contains("choose one source"))
    }
}
