import CozeEmulator
import Foundation
import SesameTestSupport
import Testing

@Suite("sesame exec --serve: the endpoint is on loopback and its secret is new for every run")
struct ExecServeEndpointTests {
    @Test("SESAME_TOKEN_URL is on 127.0.0.1, and SESAME_TOKEN_AUTH is at least 43 base64url characters (32 bytes), different in each run")
    func loopbackAndFreshSecret() async throws {
        let fixture = try await CLIFixture.make()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            var secrets: [String] = []
            for _ in 0..<2 {
                let result = try await SesameBinary.run(["exec", "coze-cn", "--config", config, "--serve", "--", "sh", "-c", #"echo "$SESAME_TOKEN_URL"; echo "$SESAME_TOKEN_AUTH""#])
                #expect(result.status == 0, "\(result.stderr)")
                let lines = result.stdout.split(separator: "\n").map(String.init)
                try #require(lines.count == 2, "\(lines)")
                #expect(lines[0].hasPrefix("http://127.0.0.1:"), "\(lines[0])")
                #expect(lines[0].hasSuffix("/token"))
                let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                #expect(lines[1].count >= 43)
                #expect(lines[1].allSatisfy(alphabet.contains))
                #expect(!result.stderr.contains(lines[1]))
                secrets.append(lines[1])
            }
            #expect(secrets[0] != secrets[1])
        }
    }
}
