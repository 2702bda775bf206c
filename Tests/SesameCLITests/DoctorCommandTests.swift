import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

@Suite("sesame doctor")
struct DoctorCommandTests {
    @Test("a healthy provider: every line ✓ (or ! for the emulator's host) on stdout, exit 0")
    func healthy() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let result = try await SesameBinary.run(["doctor", "coze-cn", "--config", config, "--public-key", fixture.folder + "/keys/app.pub.pem"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty)
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.allSatisfy { $0.hasPrefix("✓") || $0.hasPrefix("!") || $0.hasPrefix("·") })
            #expect(lines.contains { $0.hasPrefix("✓ token exchange succeeded") })
            #expect(lines.contains { $0 == "✓ the private key matches the uploaded public key" })
        }
    }

    @Test("an app of the other region: the report goes to stderr, names the fix, exit 1, stdout empty")
    func wrongRegion() async throws {
        let fixture = try await CLIFixture.make()
        var configuration = fixture.emulator()
        configuration.region = .com
        try await withCozeEmulator(configuration) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let result = try await SesameBinary.run(["doctor", "coze-cn", "--config", config])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("✗ the same app and key are accepted with region com"))
            #expect(result.stderr.contains("fix: set \"region\": \"com\" for this provider"))
        }
    }

    @Test("--json prints the checks with ids and statuses")
    func json() async throws {
        let fixture = try await CLIFixture.make()
        let config = try fixture.writeRegistry(baseURL: "http://127.0.0.1:9")
        let result = try await SesameBinary.run(["doctor", "coze-cn", "--config", config, "--offline", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["healthy"] as? Bool == true)
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(Set(checks.compactMap { $0["id"] as? String }).isSuperset(of: ["region", "app-id", "key-id", "private-key", "jwt"]))
    }

    @Test("an invalid registry is reported as failed checks with their JSON paths")
    func invalidRegistry() async throws {
        let fixture = try await CLIFixture.make()
        let config = try fixture.write("""
        { "version": 1, "keyStores": {}, "providers": { "coze-cn": { "type": "coze-jwt", "region": "cm", "appId": "1", "keyId": "k",
          "privateKey": { "store": "files", "name": "a.pem" } } } }
        """, to: "broken.json")
        let result = try await SesameBinary.run(["doctor", "coze-cn", "--config", config])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("✗ "))
        #expect(result.stderr.contains("providers.coze-cn.region"))
    }
}
