import Foundation
import SesameCore
import Testing

@Suite("Registry: every problem reported with its path")
struct RegistryErrorTests {
    /// The error building `json` throws; the test fails if it builds.
    static func error(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> RegistryError {
        try #require(throws: RegistryError.self, sourceLocation: sourceLocation) { try TestPlugins.decode(json) }
    }

    /// A registry with one provider `p` of type `static` with `fields` added.
    static func provider(_ fields: String) -> String {
        #"{"version": 1, "keyStores": {"mem": {"type": "memory"}}, "providers": {"p": {"type": "static", "appId": "1"\#(fields)}}}"#
    }

    @Test("an unknown key is reported at its dotted path with a did-you-mean", arguments: [
        (#"{"version": 1, "providrs": {}, "providers": {"p": {"type": "echo"}}}"#, "providrs", #"did you mean "providers"?"#),
        (provider(#", "lifetme": 900"#), "providers.p.lifetme", #"did you mean "lifetime"?"#),
        (provider(#", "options": {"retires": 3}"#), "providers.p.options.retires", #"did you mean "retries"?"#),
        (provider(#", "key": {"store": "mem", "name": "k", "nmae": "k"}"#), "providers.p.key.nmae", #"did you mean "name"?"#),
        (#"{"version": 1, "keyStores": {"mem": {"type": "memory", "pth": "x"}}, "providers": {"p": {"type": "echo"}}}"#,
         "keyStores.mem.pth", #"did you mean "path"?"#),
        (#"{"version": 1, "providers": {"my.app": {"type": "static", "appId": "1", "labl": "x"}}}"#,
         #"providers["my.app"].labl"#, #"did you mean "label"?"#),
    ])
    func unknownKey(json: String, path: String, hint: String) throws {
        let error = try Self.error(json)
        #expect(error.code == .invalid)
        let issue = try #require(error.issues.first { $0.path.description == path }, "no issue at \(path): \(error)")
        #expect(issue.message.hasPrefix("unknown key"))
        #expect(issue.message.contains(hint))
        #expect(error.message.contains("\(path): unknown key"))
    }

    @Test("an unknown key far from every known one gets no did-you-mean")
    func unknownKeyWithoutHint() throws {
        let error = try Self.error(Self.provider(#", "zzzzzzzzzz": 1"#))
        let issue = try #require(error.issues.first)
        #expect(error.issues.count == 1)
        #expect(issue.path.description == "providers.p.zzzzzzzzzz")
        #expect(issue.message == "unknown key")
    }

    @Test("a misspelt type gets a did-you-mean and the list of registered types; its other keys are not reported")
    func misspeltType() throws {
        let error = try Self.error(#"""
        {"version": 1,
         "keyStores": {"mem": {"type": "memroy", "whatever": 1}},
         "providers": {"p": {"type": "statik", "appId": "1", "anything": true}}}
        """#)
        #expect(error.issues.map(\.path.description) == ["keyStores.mem.type", "providers.p.type"])
        let store = error.issues[0].message
        #expect(store.contains(#"unknown key store type "memroy""#))
        #expect(store.contains(#"did you mean "memory"?"#))
        #expect(store.contains(#"registered: "memory""#))
        let provider = error.issues[1].message
        #expect(provider.contains(#"unknown provider type "statik""#))
        #expect(provider.contains(#"did you mean "static"?"#))
        #expect(provider.contains(#"registered: "echo", "static""#))
    }

    @Test("a missing type is reported, without cascading unknown keys")
    func missingType() throws {
        let error = try Self.error(#"{"version": 1, "providers": {"p": {"appId": "1"}}}"#)
        #expect(error.issues.map(\.description) == ["providers.p.type: missing; expected a string"])
    }

    @Test("a numeric ID is refused with the fix: quote it, digits intact", arguments: [
        "1133483935040",
        "7",
        "12345678901234567890",  // beyond Int64
    ])
    func numericID(digits: String) throws {
        let error = try Self.error(#"{"version": 1, "providers": {"p": {"type": "static", "appId": \#(digits)}}}"#)
        let issue = try #require(error.issues.first)
        #expect(error.issues.count == 1)
        #expect(issue.path.description == "providers.p.appId")
        #expect(issue.message.contains("\"\(digits)\""))
        #expect(issue.message.contains("quotes"))
        #expect(issue.message.contains("JSON strings"))
    }

    @Test("all problems are reported at once, sorted by path")
    func everyProblemAtOnce() throws {
        let error = try Self.error(#"""
        {
          "version": 2,
          "providers": {
            "zeta": {"type": "static", "appId": "1", "lifetime": 0},
            "alpha": {"type": "static", "appId": "1", "mode": "fsat"}
          },
          "keyStores": {"mem": {"type": "memory", "pth": "x"}}
        }
        """#)
        #expect(error.code == .invalid)
        #expect(error.source == "providers.json")
        #expect(error.issues.map(\.path.description) == [
            "keyStores.mem.pth",
            "providers.alpha.mode",
            "providers.zeta.lifetime",
            "version",
        ])
        #expect(error.issues[1].message.contains(#"unknown value "fsat"; did you mean "fast"?"#))
        #expect(error.issues[2].message.contains("must be between 1 and 86399, got 0"))
        #expect(error.issues[3].message.contains("unsupported version 2"))
        let lines = error.message.split(separator: "\n").map(String.init)
        #expect(lines.first == "providers.json has 4 errors:")
        #expect(lines.dropFirst() == error.issues.map { "  \($0)" }[...])
    }

    @Test("a single problem is reported on one line naming the file")
    func singleProblem() throws {
        let error = try Self.error(Self.provider(#", "lifetime": 100000"#))
        #expect(error.message == "providers.json: providers.p.lifetime: must be between 1 and 86399, got 100000")
    }

    @Test("invalid JSON fails with code syntax, naming the file, saying it is not JSON and how to fix it", arguments: [
        #"{"version": 1 "providers": {}}"#,
        #"{"version": 1, "providers": {"p": {"type": "echo"}}} trailing"#,
        #"{"version": 1, "providers": {"p": {"type": "echo"}}"#,
        "",
    ])
    func invalidJSON(json: String) throws {
        let error = try Self.error(json)
        #expect(error.code == .syntax)
        #expect(error.issues.isEmpty)
        #expect(error.message.hasPrefix("providers.json is not valid JSON: "))
        #expect(error.message.contains("missing comma or quote"))
    }

    @Test("a key repeated in one object is a syntax error with its line and column, not a silent first-wins")
    func duplicateKey() throws {
        let error = try Self.error("{\n  \"version\": 1,\n  \"version\": 2,\n  \"providers\": {}\n}")
        #expect(error.code == .syntax)
        #expect(error.message == #"providers.json is not valid JSON: duplicate key "version" at line 3, column 3; keep one of them (JSON readers disagree on which one counts)"#)
    }

    @Test("a trailing comma is a syntax error naming where it is")
    func trailingComma() throws {
        let error = try Self.error(#"{"version": 1, "providers": {"p": {"type": "echo"},}}"#)
        #expect(error.code == .syntax)
        #expect(error.message.contains("trailing comma before } at line 1, column 52"))
    }

    @Test("a file that is not an object is reported at the root")
    func notAnObject() throws {
        let error = try Self.error("[1, 2]")
        #expect(error.code == .invalid)
        #expect(error.issues.map(\.path.description) == ["(root)"])
        #expect(error.issues[0].message.contains("got an array"))
    }

    @Test("missing, wrong or empty top-level entries", arguments: [
        (#"{"version": 1}"#, "providers", "missing; expected an object"),
        (#"{"version": 1, "providers": {}}"#, "providers", "defines no provider"),
        (#"{"version": 1, "providers": []}"#, "providers", "expected an object, got an array"),
        (#"{"providers": {"p": {"type": "echo"}}}"#, "version", "missing; expected an integer"),
        (#"{"version": 2, "providers": {"p": {"type": "echo"}}}"#, "version", "unsupported version 2; this sesame reads version 1"),
        (#"{"version": "1", "providers": {"p": {"type": "echo"}}}"#, "version", "expected an integer, got a string"),
        (#"{"version": 1, "providers": {"p": "static"}}"#, "providers.p", "expected an object, got a string"),
    ])
    func topLevel(json: String, path: String, message: String) throws {
        let error = try Self.error(json)
        #expect(error.code == .invalid)
        #expect(error.issues.count == 1)
        let issue = try #require(error.issues.first)
        #expect(issue.path.description == path)
        #expect(issue.message.contains(message))
    }

    @Test("values of the wrong type or out of range are reported at their path", arguments: [
        (#", "lifetime": "900""#, "providers.p.lifetime", "expected an integer, got a string"),
        (#", "lifetime": 1.5"#, "providers.p.lifetime", "must be a whole number, got 1.5"),
        (#", "lifetime": 86400"#, "providers.p.lifetime", "must be between 1 and 86399, got 86400"),
        (#", "label": """#, "providers.p.label", "must not be empty"),
        (#", "label": null"#, nil, nil),
        (#", "mode": "medium""#, "providers.p.mode", #"unknown value "medium" (expected one of "fast", "slow")"#),
        (#", "scopes": []"#, "providers.p.scopes", "must list at least one value"),
        (#", "scopes": "chat""#, "providers.p.scopes", "expected an array of strings, got a string"),
        (#", "scopes": ["chat", 7]"#, "providers.p.scopes[1]", #"must be a string; write "7" in quotes"#),
        (#", "scopes": ["chat", ""]"#, "providers.p.scopes[1]", "must not be empty"),
        (#", "scopes": [true]"#, "providers.p.scopes[0]", "expected a string, got a boolean"),
        (#", "options": [1]"#, "providers.p.options", "expected an object, got an array"),
        (#", "options": {"verbose": "yes"}"#, "providers.p.options.verbose", "expected true or false, got a string"),
        (#", "baseURL": "ftp://example.com""#, "providers.p.baseURL", "must be an absolute http(s) URL"),
        (#", "baseURL": "https://example.com/x?y=1""#, "providers.p.baseURL", "must not have a query or fragment"),
        (#", "key": "mem/k""#, "providers.p.key", "expected an object, got a string"),
        (#", "key": {"store": "mem"}"#, "providers.p.key.name", "missing; expected a string"),
    ] as [(String, String?, String?)])
    func invalidValues(fields: String, path: String?, message: String?) throws {
        let json = Self.provider(fields)
        guard let path, let message else {
            // null counts as absent.
            _ = try TestPlugins.decode(json)
            return
        }
        let error = try Self.error(json)
        #expect(error.issues.count == 1, "\(error)")
        let issue = try #require(error.issues.first)
        #expect(issue.path.description == path)
        #expect(issue.message.contains(message))
    }

    @Test("an ID with surrounding whitespace is refused")
    func identifierWhitespace() throws {
        let error = try Self.error(#"{"version": 1, "providers": {"p": {"type": "static", "appId": " 42"}}}"#)
        #expect(error.issues.map(\.description) == ["providers.p.appId: has leading or trailing whitespace; remove it"])
    }

    @Test("a reference to an undeclared key store gets a did-you-mean and the declared stores")
    func unknownStoreReference() throws {
        let error = try Self.error(#"""
        {"version": 1,
         "keyStores": {"memory-a": {"type": "memory"}, "memory-b": {"type": "memory"}, "files": {"type": "memory"}},
         "providers": {"p": {"type": "static", "appId": "1", "key": {"store": "fils", "name": "k.pem"}}}}
        """#)
        let issue = try #require(error.issues.first)
        #expect(error.issues.count == 1)
        #expect(issue.path.description == "providers.p.key.store")
        #expect(issue.message.contains(#"unknown key store "fils"; did you mean "files"?"#))
        #expect(issue.message.contains("declared: files, memory-a, memory-b"))
    }

    @Test("a key store reference with no key stores declared says to add one")
    func noStoresDeclared() throws {
        let error = try Self.error(#"{"version": 1, "providers": {"p": {"type": "static", "appId": "1", "key": {"store": "files", "name": "k"}}}}"#)
        let issue = try #require(error.issues.first)
        #expect(issue.path.description == "providers.p.key.store")
        #expect(issue.message.contains(#"none are declared; add one under "keyStores""#))
    }
}
