@testable import CozeEmulator
import Testing

@Suite("JSON values keep integers apart")
struct JSONValueTests {
    @Test("integers, fractions, booleans and strings parse to distinct cases")
    func cases() throws {
        let parsed = try #require(JSONValue.parse(Array(#"{"i": 900, "f": 1.5, "b": true, "s": "900", "n": null, "big": 7300000000000000001}"#.utf8))?.object)
        #expect(parsed["i"] == .integer(900))
        #expect(parsed["f"]?.integer == nil)
        #expect(parsed["b"] == .bool(true))
        #expect(parsed["s"] == .string("900"))
        #expect(parsed["n"] == .null)
        #expect(parsed["big"] == .integer(7_300_000_000_000_000_001))
    }

    @Test("token paths are recognised with their IDs")
    func tokenPaths() {
        #expect(TokenPath(requestPath: "/api/permission/oauth2/token") == .standard)
        #expect(TokenPath(requestPath: "/api/permission/oauth2/token?x=1") == .standard)
        #expect(TokenPath(requestPath: "/api/permission/oauth2/account/42/token") == .account("42"))
        #expect(TokenPath(requestPath: "/api/permission/oauth2/enterprise_id/7/token") == .enterprise("7"))
        #expect(TokenPath(requestPath: "/v1/workspaces") == nil)
        #expect(TokenPath(requestPath: "/api/permission/oauth2/code/token") == nil)
    }
}
