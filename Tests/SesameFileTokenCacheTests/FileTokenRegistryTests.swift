import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("file token cache: the registry's tokenCache object")
struct FileTokenRegistryTests {
    static func registry(_ tokenCache: String, environment: [String: String] = [:]) throws -> Registry {
        let json = """
        {"version": 1,
         "tokenCache": \(tokenCache),
         "providers": {"coze-cn": {"type": "coze-jwt", "region": "cn", "appId": "1133483935040", "keyId": "kid-1",
           "privateKey": {"store": "env", "name": "COZE_KEY"}}},
         "keyStores": {"env": {"type": "env"}}}
        """
        let context = RegistryContext(transport: NoNetworkTransport(), environment: { environment[$0] }, homeDirectory: "/home/tester")
        return try Registry.decode(Data(json.utf8), source: "providers.json", directory: "/etc/sesame", plugins: .builtIn, context: context)
    }

    @Test("directory: absent → $XDG_CACHE_HOME/sesame, else ~/.cache/sesame; ~ and relative paths resolve", arguments: [
        (#"{"type": "file"}"#, [String: String](), "/home/tester/.cache/sesame"),
        (#"{"type": "file"}"#, ["XDG_CACHE_HOME": "/var/cache/me"], "/var/cache/me/sesame"),
        (#"{"type": "file"}"#, ["XDG_CACHE_HOME": "relative/ignored"], "/home/tester/.cache/sesame"),
        (#"{"type": "file", "directory": "~/tokens"}"#, [:], "/home/tester/tokens"),
        (#"{"type": "file", "directory": "cache"}"#, [:], "/etc/sesame/cache"),
    ])
    func directory(tokenCache: String, environment: [String: String], expected: String) throws {
        let registry = try Self.registry(tokenCache, environment: environment)
        let cache = try #require(registry.tokenCache)
        #expect(cache.type == "file")
        let store = try #require(cache.store as? FileTokenStore)
        #expect(store.directory == expected)
        #expect(cache.description == "file: directory \(expected)")
    }

    @Test("registry errors name their JSON path: unknown type, unknown key, bad directory", arguments: [
        (#"{"type": "fiel"}"#, #"tokenCache.type: unknown token cache type "fiel"; did you mean "file"?"#),
        (#"{"type": "file", "directroy": "x"}"#, #"tokenCache.directroy: unknown key; did you mean "directory"?"#),
        (#"{"type": "file", "directory": 42}"#, "tokenCache.directory: expected a string, got a number"),
        (#"{"type": "file", "directory": ""}"#, "tokenCache.directory: must not be empty"),
        (#"{"type": "file", "directory": ["a"]}"#, "tokenCache.directory: expected a string, got an array"),
    ])
    func errors(tokenCache: String, expected: String) throws {
        let error = #expect(throws: RegistryError.self) { try Self.registry(tokenCache) }
        #expect(error?.issues.count == 1)
        #expect(error?.issues.first?.description.hasPrefix(expected) == true, "\(error?.issues ?? [])")
    }
}
