import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("DotenvKeyStore: variables in a .env file")
struct DotenvKeyStoreTests {
    /// The help text of the "does not define" error, which quotes a PEM header as an example (not a secret).
    static let exampleLine = "-----BEGIN PRIVATE KEY-----\\n..."

    /// A `.env` text, the variable looked up, and the value the store must return.
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let contents: String
        let name: String
        let expected: String

        init(_ description: String, _ contents: String, name: String = "KEY", _ expected: String) {
            self.testDescription = description
            self.contents = contents
            self.name = name
            self.expected = expected
        }
    }

    static let syntax: [Case] = [
        Case("KEY=value", "KEY=value\n", "value"),
        Case("no final newline", "KEY=value", "value"),
        Case("export KEY=value", "export KEY=value\n", "value"),
        Case("spaces around =", "KEY = value\n", "value"),
        Case("tabs around = and indentation", "\t  KEY\t=\tvalue\n", "value"),
        Case("trailing spaces of an unquoted value are dropped", "KEY=value   \t\n", "value"),
        Case(
            "double quotes with escapes",
            #"KEY="multi\nline\ttab \"quoted\" back\\slash""# + "\n",
            "multi\nline\ttab \"quoted\" back\\slash"
        ),
        Case("double quotes spanning lines", "KEY=\"first\nsecond\"\nOTHER=x\n", "first\nsecond"),
        Case("single quotes are literal", #"KEY='literal \n $HOME "x"'"# + "\n", #"literal \n $HOME "x""#),
        Case("# comment lines are skipped", "# KEY=commented\nKEY=real\n  # KEY=indented comment\n", "real"),
        Case("a trailing # comment ends an unquoted value", "KEY=value # the comment\n", "value"),
        Case("a trailing #comment after a tab", "KEY=value\t#comment\n", "value"),
        Case("# inside an unquoted word is kept", "KEY=val#ue\n", "val#ue"),
        Case("# inside quotes is kept", "KEY=\"quoted # not a comment\" # a comment\n", "quoted # not a comment"),
        Case("the last definition wins", "KEY=first\nexport KEY=second\nKEY=third\n", "third"),
        Case("KEY is not read from KEY2", "KEY2=two\nKEY=one\nKEY_3=three\nMYKEY=mine\n", "one"),
        Case("KEY2 is not read from KEY", "KEY=one\nKEY2=two\nKEY=uno\n", name: "KEY2", "two"),
        Case("a multi-line value of another key is not parsed as lines", "OTHER=\"x\nKEY=forged\n\"\nKEY=real\n", "real"),
        Case("blank lines and lines without =", "\n\nnonsense line\n\nKEY=value\n\n", "value"),
        Case("CRLF line endings, unquoted", "A=1\r\nKEY=value\r\nB=2\r\n", "value"),
        Case("CRLF line endings, quoted", "A=1\r\nexport KEY=\"quoted\"\r\nB=2\r\n", "quoted"),
        Case("CRLF line endings with a trailing comment", "KEY=value # comment\r\n", "value"),
        Case("CRLF line endings, no final newline", "A=1\r\nKEY=last", "last"),
    ]

    private func store(_ tmp: TemporaryFolder, _ contents: String, mode: mode_t = 0o600, allowInsecure: Bool = false) throws -> DotenvKeyStore {
        DotenvKeyStore(path: try tmp.write(contents, to: ".env", mode: mode), allowInsecurePermissions: allowInsecure)
    }

    @Test(".env syntax", arguments: syntax)
    func parses(example: Case) async throws {
        try await withTemporaryFolder { tmp in
            let store = try store(tmp, example.contents)

            #expect(try await store.secret(named: example.name).revealedForTest == example.expected)
        }
    }

    @Test("a whole PEM on several lines inside double quotes is read, and RSAPrivateKey reads it")
    func multiLinePEM() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let contents = "# Coze app\nCOZE_APP_ID=1133483935040\nCOZE_PRIVATE_KEY=\"\(keys.pkcs8)\"\nCOZE_KEY_ID=abc # key id\n"
            let store = try store(tmp, contents)

            let secret = try await store.secret(named: "COZE_PRIVATE_KEY")
            // The closing quote is on its own line; the value is trimmed like an environment value.
            #expect(secret.revealedForTest == keys.pkcs8.withoutTrailingNewlines)
            #expect(try RSAPrivateKey(pem: secret).publicKey.thumbprint == keys.thumbprint)
            #expect(try await store.secret(named: "COZE_KEY_ID").revealedForTest == "abc")
        }
    }

    @Test("a PEM on one line with \\n escapes, in double or single quotes, is read", arguments: ["\"", "'"])
    func escapedPEM(quote: String) async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let escaped = keys.pkcs1.replacingOccurrences(of: "\n", with: "\\n")
            let store = try store(tmp, "COZE_PRIVATE_KEY=\(quote)\(escaped)\(quote)\n")

            let secret = try await store.secret(named: "COZE_PRIVATE_KEY")
            #expect(secret.revealedForTest.withoutTrailingNewlines == keys.pkcs1.withoutTrailingNewlines)
            #expect(try RSAPrivateKey(pem: secret).format == .pkcs1)
        }
    }

    @Test("a base64-encoded PEM is decoded like an environment value")
    func base64PEM() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let store = try store(tmp, "COZE_PRIVATE_KEY=\(Data(keys.pkcs8.utf8).base64EncodedString())\n")

            #expect(try await store.secret(named: "COZE_PRIVATE_KEY").revealedForTest == keys.pkcs8)
        }
    }

    @Test("a multi-line PEM in a file with CRLF line endings is read, and RSAPrivateKey reads it")
    func crlfPEM() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let contents = "A=1\nCOZE_PRIVATE_KEY=\"\(keys.pkcs8)\"\nB=2\n".replacingOccurrences(of: "\n", with: "\r\n")
            let store = try store(tmp, contents)

            let secret = try await store.secret(named: "COZE_PRIVATE_KEY")
            #expect(secret.revealedForTest == keys.pkcs8.withoutTrailingNewlines.replacingOccurrences(of: "\n", with: "\r\n"))
            #expect(try RSAPrivateKey(pem: secret).publicKey.thumbprint == keys.thumbprint)
            #expect(try await store.secret(named: "B").revealedForTest == "2")
        }
    }

    @Test("a variable the file does not define is .notFound and names the file and the variable", arguments: [
        "OTHER=1\n",
        "KEY2=prefix of nothing\nMYKEY=suffix\n",
        "# KEY=only in a comment\n",
        "",
    ])
    func missing(contents: String) async throws {
        try await withTemporaryFolder { tmp in
            let store = try store(tmp, contents)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "KEY") })
            #expect(error.code == .notFound)
            #expect(error.message.hasPrefix("\(tmp.file(".env")) does not define KEY; "))
            #expect(error.message.contains("fix privateKey.name"))
            try expectNoSecrets(in: error, ignoringTemplates: [Self.exampleLine])
        }
    }

    @Test("a variable with an empty value is .notFound: empty", arguments: ["KEY=\n", "KEY=\"\"\n", "KEY=''\n", "KEY=   \n", "export KEY="])
    func emptyValue(contents: String) async throws {
        try await withTemporaryFolder { tmp in
            let store = try store(tmp, contents)

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "KEY") })
            #expect(error.code == .notFound)
            #expect(error.message == "KEY is empty in \(tmp.file(".env")); set it to the private key PEM")
            try expectNoSecrets(in: error)
        }
    }

    @Test("a .env file readable by others is refused with the chmod that fixes it, unless allowInsecurePermissions")
    func insecureFile() async throws {
        let keys = try KeyFixtures.shared()
        try await withTemporaryFolder { tmp in
            let contents = "KEY=\"\(keys.pkcs8)\"\n"
            let store = try store(tmp, contents, mode: 0o644)
            let path = tmp.file(".env")

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "KEY") })
            #expect(error.code == .insecurePermissions)
            #expect(error.message == ".env file \(path) has mode 0644 (group/others can read it); fix: chmod 600 \(path)")
            try expectNoSecrets(in: error)

            let allowing = DotenvKeyStore(path: path, allowInsecurePermissions: true)
            #expect(try await allowing.secret(named: "KEY").revealedForTest == keys.pkcs8.withoutTrailingNewlines)
        }
    }

    @Test("a missing .env file is .notFound and names the file")
    func missingFile() async throws {
        try await withTemporaryFolder { tmp in
            let store = DotenvKeyStore(path: tmp.file(".env"))

            let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: "KEY") })
            #expect(error.code == .notFound)
            #expect(error.message == ".env file \(tmp.file(".env")) does not exist")
            #expect(store.description == "file \(tmp.file(".env"))")
            try expectNoSecrets(in: error)
        }
    }
}
