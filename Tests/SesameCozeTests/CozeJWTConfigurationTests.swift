import Foundation
import Sesame
import Testing

@Suite("CozeJWTConfiguration: the URLs follow the region unless overridden")
struct CozeJWTConfigurationTests {
    private static let key = KeyReference(storeName: "env", name: "K", store: EnvironmentKeyStore(environment: { _ in nil }))

    @Test("without overrides, changing the region moves the base URL, the token URL and the audience", arguments: CozeRegion.allCases)
    func regionDrivesURLs(region: CozeRegion) {
        var configuration = CozeJWTConfiguration(appID: "1", keyID: "k", privateKey: Self.key, region: region.other)
        configuration.region = region
        #expect(configuration.baseURL == region.baseURL)
        #expect(configuration.audience == region.audience)
        #expect(configuration.tokenURL == region.baseURL + "/api/permission/oauth2/token")
        #expect(configuration.baseURLOverride == nil)
        #expect(configuration.audienceOverride == nil)
    }

    @Test("an override stays when the region changes; removing it returns to the region's")
    func overridesStay() {
        var configuration = CozeJWTConfiguration(
            appID: "1", keyID: "k", privateKey: Self.key, region: .cn, baseURL: "http://127.0.0.1:18080", audience: "emulator.local"
        )
        configuration.region = .com
        #expect(configuration.baseURL == "http://127.0.0.1:18080")
        #expect(configuration.audience == "emulator.local")
        configuration.baseURLOverride = nil
        configuration.audienceOverride = nil
        #expect(configuration.baseURL == "https://api.coze.com")
        #expect(configuration.audience == "api.coze.com")
    }

    @Test("setting baseURL or audience sets the override")
    func settersOverride() {
        var configuration = CozeJWTConfiguration(appID: "1", keyID: "k", privateKey: Self.key, region: .com)
        configuration.baseURL = "https://proxy.example.com"
        configuration.audience = "api.coze.cn"
        #expect(configuration.baseURLOverride == "https://proxy.example.com")
        #expect(configuration.audienceOverride == "api.coze.cn")
        #expect(configuration.tokenURL == "https://proxy.example.com/api/permission/oauth2/token")
    }

    @Test("providers.json: baseURL and audience are read as overrides, and the region supplies the rest")
    func registryReadsOverrides() throws {
        let json = """
        { "version": 1, "keyStores": { "env": { "type": "env" } },
          "providers": {
            "plain": { "type": "coze-jwt", "region": "com", "appId": "1", "keyId": "k", "privateKey": { "store": "env", "name": "K" } },
            "proxied": { "type": "coze-jwt", "region": "cn", "appId": "1", "keyId": "k", "privateKey": { "store": "env", "name": "K" },
                         "baseURL": "https://proxy.example.com/" } } }
        """
        let registry = try Registry.decode(Data(json.utf8), directory: "/", plugins: .builtIn, context: RegistryContext(environment: { _ in nil }))
        let plain = try #require(registry.providers["plain"]?.provider as? CozeJWTProvider).configuration
        #expect(plain.baseURLOverride == nil && plain.audienceOverride == nil)
        #expect(plain.baseURL == "https://api.coze.com")
        let proxied = try #require(registry.providers["proxied"]?.provider as? CozeJWTProvider).configuration
        #expect(proxied.baseURLOverride == "https://proxy.example.com")
        #expect(proxied.audience == "api.coze.cn")
    }
}
