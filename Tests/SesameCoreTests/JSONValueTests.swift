@testable import SesameCore
import Testing

@Suite("JSON values keep integers apart")
struct JSONValueTests {
    @Test("integers, fractions, booleans and strings parse to distinct cases")
    func cases() throws {
        let parsed = try #require(JSONValue.parse(Array(#"{"i": 900, "f": 1.5, "b": true, "s": "900", "n": null, "big": 7300000000000000001}"#.utf8))?.object)
        #expect(parsed["i"] == .number("900"))
        #expect(parsed["i"]?.integer == 900)
        #expect(parsed["f"]?.integer == nil)
        #expect(parsed["b"] == .bool(true))
        #expect(parsed["b"]?.bool == true)
        #expect(parsed["s"] == .string("900"))
        #expect(parsed["s"]?.integer == nil)
        #expect(parsed["n"] == .null)
        #expect(parsed["big"]?.integer == 7_300_000_000_000_000_001)
    }

    @Test("a whole number beyond Int keeps its digits but is not an integer")
    func beyondInt() throws {
        let parsed = try #require(JSONValue.parse(Array(#"[18446744073709551615, -3]"#.utf8))?.array)
        #expect(parsed[0] == .number("18446744073709551615"))
        #expect(parsed[0].integer == nil)
        #expect(parsed[1].integer == -3)
    }

    @Test("text that is not JSON parses to nil")
    func notJSON() {
        #expect(JSONValue.parse(Array("{ apps: [] }".utf8)) == nil)
        #expect(JSONValue.parse([UInt8]()) == nil)
    }
}
