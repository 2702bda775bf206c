import Foundation
import Testing
@testable import ValidateProvidersTool

@Suite("ValidateProviders: the build-time check of providers.json")
struct RegistryCheckTests {
    private static let valid = """
    {
      "version": 1,
      "keyStores": { "env": { "type": "env" } },
      "providers": {
        "coze-cn": { "type": "coze-jwt", "region": "cn", "appId": "1133483935040",
                     "keyId": "_VzHkKSlwVT2yfAcNrZraFCpusQjQ7pXpEagzYheN7s",
                     "privateKey": { "store": "env", "name": "COZE_KEY" } }
      }
    }
    """

    private func check(_ json: String) -> RegistryCheck {
        RegistryCheck(Data(json.utf8), file: "/app/providers.json")
    }

    @Test("a valid registry has no diagnostics and yields its provider names")
    func valid() {
        let result = check(Self.valid)
        #expect(result.diagnostics.isEmpty)
        #expect(result.providerNames == ["coze-cn"])
    }

    @Test("each problem is an error at its line and column, in file order")
    func invalid() {
        let json = Self.valid.replacingOccurrences(of: #""region": "cn""#, with: #""region": "cm""#)
            .replacingOccurrences(of: #""appId": "1133483935040""#, with: #""appId": 1133483935040"#)
        let result = check(json)
        #expect(result.providerNames == nil)
        #expect(result.diagnostics.map(\.description) == [
            #"/app/providers.json:5:38: error: providers.coze-cn.region: unknown value "cm"; did you mean "cn"? (expected one of "cn", "com")"#,
            #"/app/providers.json:5:54: error: providers.coze-cn.appId: IDs must be JSON strings; write "1133483935040" in quotes (IDs can exceed 2^53 and lose digits as numbers)"#,
        ])
    }

    @Test("a syntax error is one error at the position the parser names")
    func syntax() throws {
        let result = check("{\n  \"version\": 1,\n  \"providers\": {\n}")
        #expect(result.providerNames == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("is not valid JSON"))
    }

    @Test("a type Sesame does not ship is a warning; one typo from a built-in type is an error")
    func externalTypes() {
        let custom = Self.valid.replacingOccurrences(of: #""env": { "type": "env" }"#, with: #""env": { "type": "env" }, "corp": { "type": "corp-secrets", "url": "x" }"#)
        let accepted = check(custom)
        #expect(accepted.providerNames == ["coze-cn"])
        #expect(accepted.diagnostics.map(\.severity) == [.warning])
        #expect(accepted.diagnostics.first?.message.contains(#"key store type "corp-secrets" is not built into Sesame"#) == true)

        let typo = check(Self.valid.replacingOccurrences(of: #""type": "coze-jwt""#, with: #""type": "coze-jtw""#))
        #expect(typo.providerNames == nil)
        #expect(typo.diagnostics.contains { $0.severity == .error && $0.message.contains(#"did you mean "coze-jwt"?"#) })
    }

    /// `valid` with a top-level `tokenCache` of `json`.
    private static func withTokenCache(_ json: String) -> String {
        valid.replacingOccurrences(of: #""version": 1,"#, with: #""version": 1, "tokenCache": \#(json),"#)
    }

    @Test("a file or postgres tokenCache, the types Sesame ships, passes")
    func shippedTokenCaches() {
        let file = check(Self.withTokenCache(#"{ "type": "file", "directory": "cache" }"#))
        #expect(file.diagnostics.isEmpty)
        #expect(file.providerNames == ["coze-cn"])

        let postgres = check(Self.withTokenCache(#"{ "type": "postgres", "url": "postgres://sesame@db.internal:5432/platform?sslmode=verify-full", "password": { "store": "env", "name": "PG_PASSWORD" }, "encryptionKey": { "store": "env", "name": "TOKEN_CACHE_KEY" }, "table": "sesame_tokens" }"#))
        #expect(postgres.diagnostics.isEmpty)
        #expect(postgres.providerNames == ["coze-cn"])
    }

    @Test("a tokenCache's options are checked as the store reads them, each at its path")
    func tokenCacheOptions() {
        let postgres = check(Self.withTokenCache(#"{ "type": "postgres", "url": "postgres://sesame:hunter2@db.internal/platform", "tabel": "tokens" }"#))
        #expect(postgres.providerNames == nil)
        let messages = postgres.diagnostics.map(\.message)
        #expect(messages.contains { $0.hasPrefix("tokenCache.url: must not carry a password") && !$0.contains("hunter2") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("tokenCache.encryptionKey: ") }, "\(messages)")
        #expect(messages.contains(#"tokenCache.tabel: unknown key; did you mean "table"?"#), "\(messages)")
        #expect(postgres.diagnostics.allSatisfy { $0.severity == .error && $0.position?.line == 2 })

        let table = check(Self.withTokenCache(#"{ "type": "postgres", "url": "postgres://sesame@db.internal/platform", "encryptionKey": { "store": "env", "name": "K" }, "table": "Tokens" }"#))
        #expect(table.diagnostics.map(\.message).contains { $0.hasPrefix("tokenCache.table: must be a lowercase SQL identifier") })

        let file = check(Self.withTokenCache(#"{ "type": "file", "directory": 7 }"#))
        #expect(file.providerNames == nil)
        #expect(file.diagnostics.map(\.message).contains { $0.hasPrefix("tokenCache.directory: ") })
    }

    @Test("a misspelt tokenCache type is an error at tokenCache.type naming the known types")
    func misspeltTokenCache() throws {
        let result = check(Self.withTokenCache(#"{ "type": "postgress" }"#))
        #expect(result.providerNames == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.description == #"/app/providers.json:2:33: error: tokenCache.type: unknown token cache type "postgress"; did you mean "postgres"? (registered: "file", "postgres")"#)
    }

    @Test("a tokenCache type Sesame does not ship is a warning, like a provider's")
    func externalTokenCache() {
        let result = check(Self.withTokenCache(#"{ "type": "redis", "url": "redis://cache.internal" }"#))
        #expect(result.providerNames == ["coze-cn"])
        #expect(result.diagnostics.map(\.severity) == [.warning])
        #expect(result.diagnostics.first?.message == #"tokenCache.type: token cache type "redis" is not built into Sesame; its settings are checked when your code registers its factory"#)
    }

    @Test("two providers whose Swift names collide are an error naming both")
    func collision() {
        let twin = Self.valid.replacingOccurrences(of: #""coze-cn": {"#, with: #""coze_cn": { "type": "coze-jwt", "region": "cn", "appId": "1", "keyId": "k", "privateKey": { "store": "env", "name": "K" } }, "coze-cn": {"#)
        let result = check(twin)
        #expect(result.providerNames == nil)
        #expect(result.diagnostics.map(\.message) == [#"providers.coze_cn: its Swift name cozeCN is already taken by "coze-cn"; rename one of them"#])
    }

    @Test("provider names become identifiers by words, acronyms and short words in capitals")
    func identifiers() {
        #expect(ProviderNameGenerator.identifier(for: "coze-cn") == "cozeCN")
        #expect(ProviderNameGenerator.identifier(for: "coze-com") == "cozeCom")
        #expect(ProviderNameGenerator.identifier(for: "coze-cn-channel") == "cozeCNChannel")
        #expect(ProviderNameGenerator.identifier(for: "internal-api") == "internalAPI")
        #expect(ProviderNameGenerator.identifier(for: "7days") == "_7days")
        #expect(ProviderNameGenerator.identifier(for: "default") == "`default`")
    }

    @Test("the generated file declares one constant per provider and the typed overloads")
    func generatedSource() {
        let source = ProviderNameGenerator.source(for: ["coze-com", "coze-cn"], from: "providers.json")
        #expect(source.contains(#"static let cozeCN = ProviderName(rawValue: "coze-cn")"#))
        #expect(source.contains(#"static let cozeCom = ProviderName(rawValue: "coze-com")"#))
        #expect(source.contains("static let all: [ProviderName] = [cozeCN, cozeCom]"))
        #expect(source.contains("func token(for name: ProviderName"))
    }
}
