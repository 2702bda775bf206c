import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("Coze JWT provider against the emulator: regions and token paths")
struct CozeTokenPathsTests {
    @Test("a cn app gets a token whose expiry is the absolute time Coze sent")
    func standardPathCN() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL)
            let before = Date().timeIntervalSince1970.rounded(.down)
            let token = try await provider.fetchToken(TokenRequest(lifetime: 1200))
            let after = Date().timeIntervalSince1970.rounded(.up)
            #expect(token.value.hasPrefix("czs_"))
            #expect(token.type == "Bearer")
            // The server's absolute expiry: issued between before and after, plus the lifetime asked for.
            #expect((before + 1200...after + 1200).contains(token.expiresAt.timeIntervalSince1970))
            #expect(emulator.stats.tokensIssued == 1)
        }
    }

    @Test("a com app signs aud api.coze.com and is accepted by a com emulator")
    func standardPathCOM() async throws {
        let app = try await TestApp.make(appID: "7436284951027")
        var configuration = CozeEmulatorConfiguration()
        configuration.region = .com
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, region: .com, transport: transport)
            _ = try await provider.fetchToken(TokenRequest())
            #expect(try transport.claims().first?.aud == "api.coze.com")
        }
    }

    @Test("a cn app sent to a com server is rejected as invalid_client and the message points at the region")
    func regionMismatch() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.region = .com
        configuration.apps = [app.emulated()]
        try await withCozeEmulator(configuration) { emulator in
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, region: .cn, transport: transport)
            let error = try await #require(throws: CozeError.self) { try await provider.fetchToken(TokenRequest()) }
            #expect(error.code == .invalidClient)
            #expect(error.message.contains("region"))
            #expect(error.logID?.isEmpty == false)
            #expect(transport.exchanges.count == 1, "credential errors are never retried")
        }
    }

    @Test("the account path is used when accountId is set, and an unknown account is refused")
    func accountPath() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated()]
        configuration.accounts = ["7300000000000000001"]
        try await withCozeEmulator(configuration) { emulator in
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, tokenPath: .account("7300000000000000001"), transport: transport)
            _ = try await provider.fetchToken(TokenRequest())
            #expect(transport.exchanges.first?.request.url == emulator.baseURL + "/api/permission/oauth2/account/7300000000000000001/token")

            let stranger = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, tokenPath: .account("999"))
            await #expect(throws: CozeError.self) { try await stranger.fetchToken(TokenRequest()) }
        }
    }

    @Test("the enterprise path is used when enterpriseId is set")
    func enterprisePath() async throws {
        let app = try await TestApp.make()
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [app.emulated(kind: .privileged)]
        configuration.enterprises = ["7300000000000000002"]
        try await withCozeEmulator(configuration) { emulator in
            let transport = RecordingTransport()
            let provider = try ProviderFixture.provider(for: app, baseURL: emulator.baseURL, tokenPath: .enterprise("7300000000000000002"), transport: transport)
            let token = try await provider.fetchToken(TokenRequest())
            #expect(token.value.hasPrefix("czs_"))
            #expect(transport.exchanges.first?.request.url == emulator.baseURL + "/api/permission/oauth2/enterprise_id/7300000000000000002/token")
        }
    }
}
