import Foundation
import SesameTestSupport
import Testing

@Suite("sesame providers list / validate")
struct ProvidersCommandTests {
    @Test("an invalid registry: exit 1, every problem on its own stderr line with its JSON path, stdout empty")
    func validateReportsEverything() async throws {
        let fixture = try await CLIFixture.make()
        let config = try fixture.write("""
        { "version": 1, "keyStores": { "files": { "type": "pem-fiel" } },
          "providers": { "coze-cn": { "type": "coze-jwt", "region": "cm", "appId": 1133483935040, "keyId": "k",
                                      "privateKey": { "store": "files", "name": "a.pem" }, "tokenLifetme": 900 } } }
        """, to: "broken.json")
        let result = try await SesameBinary.run(["providers", "validate", "--config", config])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("has 4 errors") == true)
        #expect(lines.contains { $0.contains("keyStores.files.type: unknown key store type \"pem-fiel\"; did you mean \"pem-file\"?") })
        #expect(lines.contains { $0.contains("providers.coze-cn.region: unknown value \"cm\"; did you mean \"cn\"?") })
        #expect(lines.contains { $0.contains("providers.coze-cn.appId: IDs must be JSON strings") })
        #expect(lines.contains { $0.contains("providers.coze-cn.tokenLifetme: unknown key; did you mean \"tokenLifetime\"?") })
    }

    @Test("malformed JSON is reported with where the syntax breaks")
    func malformedJSON() async throws {
        let fixture = try await CLIFixture.make()
        let config = try fixture.write("{ \"version\": 1, \"providers\": { \"a\": } }", to: "bad.json")
        let result = try await SesameBinary.run(["providers", "validate", "--config", config])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("is not valid JSON"))
    }

    @Test("the repository's providers.json validates and lists both regions")
    func rootRegistry() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = root.appendingPathComponent("providers.json").path
        let validate = try await SesameBinary.run(["providers", "validate", "--config", config])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("valid"))
        let list = try await SesameBinary.run(["providers", "list", "--config", config])
        #expect(list.status == 0)
        #expect(list.stdout.contains("coze-cn (coze-jwt)"))
        #expect(list.stdout.contains("region com"))
        #expect(list.stdout.contains("files (pem-file)"))
    }
}
