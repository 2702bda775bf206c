import SesameCore
import Testing

@Suite("ConfigPath")
struct ConfigPathTests {
    @Test("prints as a dotted path; keys that are not plain names are quoted; indexes in brackets", arguments: [
        (ConfigPath.root, "(root)"),
        (ConfigPath.root.appending("version"), "version"),
        (ConfigPath.root.appending("providers").appending("coze-cn").appending("privateKey").appending("store"),
         "providers.coze-cn.privateKey.store"),
        (ConfigPath.root.appending("providers").appending("my.app"), "providers[\"my.app\"]"),
        (ConfigPath.root.appending("providers").appending("my app").appending("type"), "providers[\"my app\"].type"),
        (ConfigPath.root.appending("providers").appending(""), "providers[\"\"]"),
        (ConfigPath.root.appending("scope").appending("botIds").appending(index: 0), "scope.botIds[0]"),
        (ConfigPath.root.appending("a").appending(index: 2).appending(index: 3).appending("b_c"), "a[2][3].b_c"),
    ])
    func description(path: ConfigPath, expected: String) {
        #expect(path.description == expected)
        #expect("\(path)" == expected)
    }

    @Test("lastKey is the final key, or nil after an index or at the root")
    func lastKey() {
        #expect(ConfigPath.root.lastKey == nil)
        #expect(ConfigPath.root.appending("a").appending("b").lastKey == "b")
        #expect(ConfigPath.root.appending("a").appending(index: 1).lastKey == nil)
    }

    @Test("paths order by their printed form, and equal paths are equal")
    func ordering() {
        let a = ConfigPath.root.appending("keyStores").appending("x")
        let b = ConfigPath.root.appending("providers").appending("a")
        #expect(a < b)
        #expect(!(b < a))
        #expect(b == ConfigPath.root.appending("providers").appending("a"))
        #expect(ConfigIssue(path: b, message: "bad").description == "providers.a: bad")
    }
}
