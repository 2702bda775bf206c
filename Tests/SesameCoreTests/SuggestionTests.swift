@testable import SesameCore
import Testing

@Suite("Suggestion (did you mean)")
struct SuggestionTests {
    @Test("the closest candidate is suggested for a likely typo", arguments: [
        ("lifetme", ["lifetime", "label", "mode"], "lifetime"),
        ("tpye", ["type", "appId"], "type"),                      // transposition
        ("Region", ["region", "baseURL"], "region"),             // case only
        ("tokenLifetme", ["tokenLifetime", "lifetime"], "tokenLifetime"),
        ("privatekey", ["privateKey", "keyId"], "privateKey"),
        ("coze-cm", ["coze-cn", "coze-com-channel"], "coze-cn"),
        ("statik", ["echo", "static"], "static"),
    ])
    func closest(word: String, candidates: [String], expected: String) {
        #expect(Suggestion.closest(to: word, in: candidates) == expected)
    }

    @Test("nothing is suggested when no candidate is close", arguments: [
        ("zzzzzzzzzz", ["lifetime", "label"]),
        ("region", ["appId", "keyId"]),
        ("something-else", ["alpha", "beta", "gamma"]),
        ("anything", [String]()),
    ])
    func noSuggestion(word: String, candidates: [String]) {
        #expect(Suggestion.closest(to: word, in: candidates) == nil)
        #expect(Suggestion.hint(for: word, in: candidates) == "")
    }

    @Test("the threshold grows with the candidate's length: max(2, length / 3) edits")
    func threshold() {
        // "environment" (11 characters) allows 3 edits; "env" allows 2.
        #expect(Suggestion.closest(to: "envirnmnt", in: ["environment"]) == "environment")
        #expect(Suggestion.closest(to: "enxxxxment", in: ["environment"]) == nil)
        #expect(Suggestion.closest(to: "ev", in: ["env"]) == "env")
        #expect(Suggestion.closest(to: "xyz", in: ["env"]) == nil)
    }

    @Test("hint formats the suggestion for an error message")
    func hint() {
        #expect(Suggestion.hint(for: "lifetme", in: ["lifetime"]) == "; did you mean \"lifetime\"?")
    }

    @Test("edit distance counts insertions, deletions, substitutions and adjacent transpositions", arguments: [
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "", 3),
        ("abc", "abc", 0),
        ("abc", "abd", 1),
        ("abc", "abcd", 1),
        ("ab", "ba", 1),
        ("abcdef", "abdcef", 1),
        ("kitten", "sitting", 3),
        ("flaw", "lawn", 2),
    ])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(Suggestion.editDistance(Array(a), Array(b)) == distance)
        #expect(Suggestion.editDistance(Array(b), Array(a)) == distance)
    }
}
