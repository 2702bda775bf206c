import CozeEmulator
import SesameTestSupport
import Testing

@Suite("The emulator's own region table")
struct EmulatedRegionTests {
    /// coze-jwt-protocol.md, "Regions": the JWT `aud` Coze requires in each region, written out here
    /// rather than taken from the client's table, which is what the emulator checks.
    static let documented: [(name: String, audience: String)] = [("cn", "api.coze.cn"), ("com", "api.coze.com")]

    @Test("every documented region is emulated with the documented aud, and no other region")
    func table() throws {
        #expect(EmulatedRegion.allCases.map(\.rawValue) == Self.documented.map(\.name))
        for (name, audience) in Self.documented {
            let region = try #require(EmulatedRegion(rawValue: name))
            #expect(region.audience == audience)
            #expect(region.description == "\(name) (\(audience))")
            #expect(CozeEmulatorConfiguration(region: region).effectiveAudience == audience)
        }
    }

    @Test("the default region is cn")
    func defaultRegion() {
        #expect(CozeEmulatorConfiguration().region == .cn)
        #expect(CozeEmulatorConfiguration().effectiveAudience == "api.coze.cn")
    }

    @Test("a configuration file naming another region lists the table")
    func unknownRegion() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(#"{"region": "eu"}"#, to: "emulator.json")
        let error = try #require(throws: CozeEmulatorError.self) { try CozeEmulatorConfiguration.load(file: file) }
        #expect(error.code == .invalidConfiguration)
        #expect(error.message.hasSuffix(#"region: unknown region "eu"; use "cn" (api.coze.cn) or "com" (api.coze.com)"#), "\(error.message)")
    }
}
