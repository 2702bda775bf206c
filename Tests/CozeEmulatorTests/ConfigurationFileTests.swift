import CozeEmulator
import Foundation
import SesameCore
import SesameTestSupport
import Testing

@Suite("CozeEmulatorConfiguration.load(file:): the --config JSON format")
struct ConfigurationFileTests {
    @Test("a full file loads: region, audience, apps with types and keys, accounts, enterprises, faults")
    func fullFile() throws {
        let folder = try TemporaryFolder()
        try folder.write(try TestKeys.pair(0).publicPEM, to: "keys/app.pub.pem")
        try folder.write(try TestKeys.pair(1).publicPEM, to: "keys/channel.pub.pem")
        let file = try folder.write("""
        {
          "region": "com",
          "audience": "127.0.0.1:8080",
          "clockLeeway": 30,
          "apps": [
            { "appId": "1127900106117", "type": "normal", "enabled": false,
              "keys": [ { "keyId": "k1", "publicKey": "keys/app.pub.pem" }, { "publicKey": "keys/channel.pub.pem" } ] },
            { "appId": "1187365024913", "type": "channel", "keys": [ { "keyId": "", "publicKey": "keys/channel.pub.pem" } ] }
          ],
          "accounts": ["7300000000000000001"],
          "enterprises": ["7300000000000000002"],
          "faults": { "failFirst": 2, "latencyMilliseconds": 10 }
        }
        """, to: "emulator.json")
        let configuration = try CozeEmulatorConfiguration.load(file: file)
        #expect(configuration.region == .com)
        #expect(configuration.effectiveAudience == "127.0.0.1:8080")
        #expect(configuration.clockLeeway == 30)
        #expect(configuration.apps.map(\.appID) == ["1127900106117", "1187365024913"])
        #expect(configuration.apps.map(\.kind) == [.normal, .channel])
        #expect(configuration.apps.map(\.enabled) == [false, true])
        let thumbprint = try TestKeys.pair(1).thumbprint
        #expect(configuration.apps[0].keys.map(\.keyID) == ["k1", thumbprint])
        #expect(configuration.apps[1].keys.map(\.keyID) == [thumbprint])
        #expect(configuration.accounts == ["7300000000000000001"])
        #expect(configuration.enterprises == ["7300000000000000002"])
        #expect(configuration.faults == EmulatorFaults(failFirst: 2, latencyMilliseconds: 10))
    }

    @Test("a minimal file defaults to cn, normal, enabled, no faults; and serves tokens")
    func minimalFileServes() async throws {
        let folder = try TemporaryFolder()
        try folder.write(try TestKeys.pair(0).publicPEM, to: "app.pub.pem")
        let file = try folder.write(#"{"apps": [{"appId": "\#(Fixture.normalAppID)", "keys": [{"publicKey": "app.pub.pem"}]}]}"#, to: "e.json")
        let configuration = try CozeEmulatorConfiguration.load(file: file)
        #expect(configuration.region == .cn)
        #expect(configuration.effectiveAudience == "api.coze.cn")
        #expect(configuration.faults == EmulatorFaults())
        try await withCozeEmulator(configuration) { emulator in
            do {
                let answer = try await Fixture.requestNormalToken(emulator)
                #expect(answer.status == 200)
            }
        }
    }

    @Test("mistakes are errors naming the JSON path", arguments: [
        (#"{"regoin": "cn"}"#, "regoin", "did you mean \"region\""),
        (#"{"apps": [{"appId": "1", "keys": [{"publicKey": "app.pub.pem", "kid": "x"}]}]}"#, "apps[0].keys[0].kid", "did you mean \"keyId\""),
        (#"{"apps": [{"appId": 1127900106117, "keys": [{"publicKey": "app.pub.pem"}]}]}"#, "apps[0].appId", "quote it: \"1127900106117\""),
        (#"{"accounts": [7300000000000000001]}"#, "accounts[0]", "quote it"),
        (#"{"apps": [{"appId": "1", "keys": [{"publicKey": "app.pub.pem", "keyId": 5}]}]}"#, "apps[0].keys[0].keyId", "quote it"),
        (#"{"region": "cm"}"#, "region", "unknown region \"cm\""),
        (#"{"apps": [{"appId": "1", "type": "web", "keys": [{"publicKey": "app.pub.pem"}]}]}"#, "apps[0].type", "unknown app type"),
        (#"{"apps": [{"appId": "1", "keys": []}]}"#, "apps[0].keys", "1 to 3 keys"),
        (#"{"apps": [{"appId": "1", "keys": [{"publicKey": "app.pub.pem", "keyId": "a"}, {"publicKey": "app.pub.pem", "keyId": "b"}, {"publicKey": "app.pub.pem", "keyId": "c"}, {"publicKey": "app.pub.pem", "keyId": "d"}]}]}"#, "apps[0].keys", "lists 4"),
        (#"{"apps": [{"keys": [{"publicKey": "app.pub.pem"}]}]}"#, "apps[0].appId", "missing"),
        (#"{"apps": [{"appId": "1", "keys": [{"publicKey": "app.pub.pem"}]}, {"appId": "1", "keys": [{"publicKey": "app.pub.pem"}]}]}"#, "apps[1].appId", "already defined at apps[0]"),
        (#"{"apps": [{"appId": "1", "keys": [{"publicKey": "nope.pem"}]}]}"#, "apps[0].keys[0].publicKey", "nope.pem"),
        (#"{"faults": {"failFirst": -1}}"#, "faults.failFirst", "0 or more"),
        (#"{"faults": {"dropFrist": 1}}"#, "faults.dropFrist", "did you mean \"dropFirst\""),
        (#"{"apps": {}}"#, "apps", "must be an array"),
        (#"[]"#, "(top level)", "JSON object"),
    ])
    func mistakes(json: String, path: String, fragment: String) throws {
        let folder = try TemporaryFolder()
        try folder.write(try TestKeys.pair(0).publicPEM, to: "app.pub.pem")
        let file = try folder.write(json, to: "emulator.json")
        let error = try #require(throws: CozeEmulatorError.self) { try CozeEmulatorConfiguration.load(file: file) }
        #expect(error.path == path, "\(error.message)")
        #expect(error.message.contains(fragment), "\(error.message)")
        #expect(error.message.contains("emulator.json"))
    }

    @Test("a misspelt key gets the registry's \"did you mean\", worded as the registry words it", arguments: [
        (#"{"faults": {"latencyMilisecs": 5}}"#, "faults", "latencyMilisecs", ["failFirst", "throttleFirst", "dropFirst", "latencyMilliseconds"]),
        (#"{"clokLeeway": 5}"#, "", "clokLeeway", ["region", "audience", "apps", "accounts", "enterprises", "faults", "clockLeeway"]),
        (#"{"apps": [{"AppID": "1", "keys": [{"publicKey": "app.pub.pem"}]}]}"#, "apps[0]", "AppID", ["appId", "type", "enabled", "keys"]),
    ])
    func suggestion(json: String, object: String, key: String, allowed: [String]) throws {
        let folder = try TemporaryFolder()
        try folder.write(try TestKeys.pair(0).publicPEM, to: "app.pub.pem")
        let file = try folder.write(json, to: "emulator.json")
        let error = try #require(throws: CozeEmulatorError.self) { try CozeEmulatorConfiguration.load(file: file) }
        let hint = Suggestion.hint(for: key, in: allowed)
        #expect(!hint.isEmpty)
        let path = object.isEmpty ? key : "\(object).\(key)"
        #expect(error.message == "\(file): \(path): unknown key\(hint)")
    }

    @Test("a key close to none is answered with the allowed keys")
    func noSuggestion() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(#"{"faults": {"slowness": 5}}"#, to: "emulator.json")
        let error = try #require(throws: CozeEmulatorError.self) { try CozeEmulatorConfiguration.load(file: file) }
        #expect(error.message.hasSuffix("faults.slowness: unknown key; allowed keys: failFirst, throttleFirst, dropFirst, latencyMilliseconds"), "\(error.message)")
    }

    @Test("a file that is missing or not JSON is refused")
    func unreadable() throws {
        let folder = try TemporaryFolder()
        let missing = try #require(throws: CozeEmulatorError.self) { try CozeEmulatorConfiguration.load(file: folder.path + "/none.json") }
        #expect(missing.code == .unreadableFile)
        let file = try folder.write("{ apps: [] }", to: "bad.json")
        let invalid = try #require(throws: CozeEmulatorError.self) { try CozeEmulatorConfiguration.load(file: file) }
        #expect(invalid.code == .invalidConfiguration)
        #expect(invalid.message.contains("not valid JSON"))
    }

    @Test("a repeated key or a trailing comma is refused with where it is, not read first-wins", arguments: [
        (#"{"region": "cn", "region": "com"}"#, #"duplicate key "region" at line 1, column 18"#),
        (#"{"apps": [],}"#, "trailing comma before } at line 1, column 13"),
    ])
    func strictJSON(text: String, detail: String) throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(text, to: "emulator.json")
        let error = try #require(throws: CozeEmulatorError.self) { try CozeEmulatorConfiguration.load(file: file) }
        #expect(error.code == .invalidConfiguration)
        #expect(error.message.hasSuffix("is not valid JSON: \(detail)"), "\(error.message)")
    }
}
