import Foundation
import SesameCore
import Testing

@Suite("JSONParser: strict RFC 8259, no duplicate keys, positions in every error")
struct JSONParserTests {
    @Test("valid documents parse to the same values Foundation reads", arguments: [
        #"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#,
        #"  [1, -0, 0.5, 1e3, -2.5E-7, 12345678901234567890]  "#,
        #""text with \"quotes\", \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00""#,
        #"{}"#, #"[]"#, #"0"#, #"null"#,
    ])
    func validDocuments(text: String) throws {
        let strict = try JSONParser.parse(Array(text.utf8))
        let lenient = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        if case .array(let values) = strict, case .array(let others) = lenient, values.count == 6 {
            // Numbers keep their text in the strict reading; compare them as numbers.
            #expect(zip(values, others).allSatisfy { Double(Self.text($0)) == Double(Self.text($1)) })
        } else {
            #expect(strict == lenient)
        }
    }

    @Test("a large integer keeps every digit")
    func largeInteger() throws {
        #expect(try JSONParser.parse(Array("12345678901234567890123".utf8)) == .number("12345678901234567890123"))
    }

    @Test("lenient or hostile input is refused with the reason, line and column", arguments: [
        (#"{"alg": "RS256", "alg": "none"}"#, #"duplicate key "alg""#, 1, 18),
        ("{\n  \"a\": 1,\n}", "trailing comma before }", 3, 1),
        ("[1, 2,]", "trailing comma before ]", 1, 7),
        (#"{"a": 1} // comment"#, "unexpected text after the JSON document", 1, 10),
        ("[01]", "leading zero in a number", 1, 3),
        (#""\ud800""#, "unpaired surrogate", 1, 8),
        ("\"a\u{01}b\"", "control character 0x1 in a string", 1, 3),
        (#"{"a" 1}"#, "expected : after the key", 1, 6),
        ("", "unexpected end of input", 1, 1),
        ("[1, 2", "expected , or ] after an element", 1, 6),
        (#""\x""#, #"invalid escape \'x'"#, 1, 3),
        ("tru", "invalid literal; expected true", 1, 4),
    ])
    func refused(text: String, reason: String, line: Int, column: Int) {
        #expect {
            try JSONParser.parse(Array(text.utf8))
        } throws: { error in
            guard let error = error as? JSONParser.SyntaxError else { return false }
            return error.reason.hasPrefix(reason) && error.line == line && error.column == column
        }
    }

    @Test("a duplicate key is flagged as such, so callers can say which fix applies")
    func duplicateIsFlagged() throws {
        let error = try #require(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(#"{"a": {"b": 1, "b": 2}}"#.utf8)) }
        #expect(error.isDuplicateKey)
        #expect(error.description == #"duplicate key "b" at line 1, column 16"#)
    }

    @Test("nesting deeper than 64 levels is refused without exhausting the stack")
    func depth() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(deep.utf8)) }
        #expect(error.reason == "nested more than 64 levels deep")
        let allowed = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try JSONParser.parse(Array(allowed.utf8))
    }

    @Test("invalid UTF-8 inside a string is refused at the start of its run, with or without an escape before it", arguments: [
        ([0x22, 0xC3, 0x28, 0x22] as [UInt8], 2),
        (Array(#""ab\n"#.utf8) + [0xC3, 0x28, 0x22], 6),
        (Array(#"{"k": "\u00e9é"#.utf8) + [0xFF, 0x22, 0x7D], 14),
    ])
    func invalidUTF8(bytes: [UInt8], column: Int) throws {
        let error = try #require(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(bytes) }
        #expect(error.reason == "invalid UTF-8 in a string")
        #expect(error.column == column)
    }

    @Test("strings without escapes, with escapes, and with both around multi-byte characters decode to the same text Foundation reads", arguments: [
        #""plain ascii""#, #""é ü 中文 😀""#, #""é\n中\u00e9文\t😀 end""#, #""\"\"""#, #""""#, #""a\\""#,
    ])
    func strings(text: String) throws {
        let expected = try JSONDecoder().decode(String.self, from: Data(text.utf8))
        #expect(try JSONParser.parse(Array(text.utf8)) == .string(expected))
    }

    private static func text(_ value: JSONValue) -> String {
        if case .number(let text) = value { return text }
        return ""
    }
}
