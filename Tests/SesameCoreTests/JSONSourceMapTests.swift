import Testing
@testable import SesameCore

@Suite("JSONSourceMap: where each key of providers.json starts")
struct JSONSourceMapTests {
    private let json = """
    {
      "providers": {
        "a\\"b": { "type": "x", "list": [1, "two", {"k": true}] }
      }
    }
    """

    @Test("keys and array elements map to their line and column; escaped keys are decoded")
    func positions() {
        let map = JSONSourceMap(Array(json.utf8))
        let provider = ConfigPath.root.appending("providers").appending("a\"b")
        #expect(map.position(of: .root) == .init(line: 1, column: 1))
        #expect(map.position(of: ConfigPath.root.appending("providers")) == .init(line: 2, column: 3))
        #expect(map.position(of: provider) == .init(line: 3, column: 5))
        #expect(map.position(of: provider.appending("type")) == .init(line: 3, column: 15))
        #expect(map.position(of: provider.appending("list").appending(index: 1)) == .init(line: 3, column: 40))
        #expect(map.position(of: provider.appending("list").appending(index: 2).appending("k")) == .init(line: 3, column: 48))
    }

    @Test("a missing key is placed at its nearest ancestor; malformed text keeps what came before")
    func fallbacks() {
        let map = JSONSourceMap(Array(json.utf8))
        let provider = ConfigPath.root.appending("providers").appending("a\"b")
        #expect(map.position(of: provider.appending("missing")) == map.position(of: provider))
        let broken = JSONSourceMap(Array("{\n  \"version\": 1,\n  \"providers\" {".utf8))
        #expect(broken.position(of: ConfigPath.root.appending("version")) == .init(line: 2, column: 3))
        #expect(broken.position(of: ConfigPath.root.appending("providers").appending("x")) == .init(line: 3, column: 3))
    }
}
