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
