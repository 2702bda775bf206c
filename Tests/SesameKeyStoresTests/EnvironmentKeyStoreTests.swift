import Foundation
import Sesame
import Testing

@Suite("EnvironmentKeyStore: PEMs and secrets from environment variables")
struct EnvironmentKeyStoreTests {
    static let variable = "COZE_TEST_PRIVATE_KEY"

    /// Which fixture key a case uses.
    enum Key: String, CaseIterable, Sendable {
        case generatedPKCS8 = "generated PKCS#8"
        case opensslPKCS1 = "openssl PKCS#1"

        func pem(in keys: KeyFixtures) -> String {
            switch self {
            case .generatedPKCS8: keys.generatedPKCS8
            case .opensslPKCS1: keys.pkcs1
            }
        }
    }

    /// A way CI settings hold a PEM: the variable's value, and the exact bytes the store must return.
    struct Form: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let encode: @Sendable (_ pem: String) -> (value: String, expected: String)

        /// `\n` as the two characters backslash and n.
        static func escaped(_ text: String, newline: String = "\\n") -> String {
            text.replacingOccurrences(of: "\n", with: newline)
        }

        /// The PEM text, or the PEM without its final newline, whichever needs base64 padding.
        static func needingPadding(_ pem: String) -> String {
            [pem, pem.withoutTrailingNewlines].first { $0.utf8.count % 3 != 0 }!
        }

        static let all: [Form] = [
            // A plain value is trimmed of surrounding whitespace, so its final newline goes.
            Form(testDescription: "plain PEM") { ($0, $0.withoutTrailingNewlines) },
            Form(testDescription: "plain PEM with surrounding blank lines and spaces") { (" \n\t" + $0 + "\n\n ", $0.withoutTrailingNewlines) },
            // Every other form gives back the PEM text exactly as it was before encoding.
            Form(testDescription: "one line with literal \\n") { (escaped($0), $0) },
            Form(testDescription: "one line with literal \\n, no final \\n") { (escaped($0.withoutTrailingNewlines), $0.withoutTrailingNewlines) },
            Form(testDescription: "one line with literal \\r\\n") { (escaped($0, newline: "\\r\\n"), $0) },
            Form(testDescription: "base64 with padding") { pem in
                let text = needingPadding(pem)
                return (Data(text.utf8).base64EncodedString(), text)
            },
            Form(testDescription: "base64 without padding") { pem in
                let text = needingPadding(pem)
                return (Data(text.utf8).base64EncodedString().replacingOccurrences(of: "=", with: ""), text)
            },
            Form(testDescription: "base64 with line breaks every 76 characters") { pem in
                (Data(pem.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]) + "\n", pem)
            },
            Form(testDescription: "base64 with CRLF line breaks every 64 characters") { pem in
                (Data(pem.utf8).base64EncodedString(options: [.lineLength64Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]), pem)
            },
            Form(testDescription: "PEM in double quotes") { ("\"" + $0 + "\"", $0) },
            Form(testDescription: "PEM in single quotes") { ("'" + $0 + "'", $0) },
            Form(testDescription: "literal \\n in double quotes") { ("\"" + escaped($0) + "\"", $0) },
            Form(testDescription: "base64 in double quotes") { ("\"" + Data($0.utf8).base64EncodedString() + "\"", $0) },
        ]
    }

    @Test("every form CI settings produce yields the PEM, which RSAPrivateKey reads", arguments: Key.allCases, Form.all)
    func forms(key: Key, form: Form) async throws {
        let keys = try KeyFixtures.shared()
        let pem = key.pem(in: keys)
        let (value, expected) = form.encode(pem)
        if form.testDescription == "base64 with padding" {
            #expect(value.hasSuffix("="))
        }
        #expect(value != expected)
        let store = EnvironmentKeyStore(environment: environment([Self.variable: value]))

        let secret = try await store.secret(named: Self.variable)
        #expect(secret.revealedForTest == expected)
        // Modulo the final newline, the result is the original PEM, whatever the form.
        #expect(secret.revealedForTest.withoutTrailingNewlines == pem.withoutTrailingNewlines)
        let parsed = try RSAPrivateKey(pem: secret)
        let original = try RSAPrivateKey(pem: pem.secret)
        #expect(parsed.publicKey.thumbprint == original.publicKey.thumbprint)
        #expect(parsed.format == original.format)
    }

    @Test("a value that is not a PEM is returned unchanged", arguments: [
        "s3cr3t-client-secret",
        Data("secret-value-not-pem".utf8).base64EncodedString(),
        "x",
        "pass word with inner spaces",
        "czs_0123456789abcdefghijklmnopqrstuvwxyz",
    ])
    func opaque(value: String) async throws {
        let store = EnvironmentKeyStore(environment: environment([Self.variable: value]))

        let secret = try await store.secret(named: Self.variable)
        #expect(secret.bytesForTest == Array(value.utf8))
    }

    @Test("the variable named by the entry is read, not another one")
    func readsTheNamedVariable() async throws {
        let store = EnvironmentKeyStore(environment: environment(["A": "value-of-a", "AB": "value-of-ab"]))

        #expect(try await store.secret(named: "A").revealedForTest == "value-of-a")
        #expect(try await store.secret(named: "AB").revealedForTest == "value-of-ab")
        #expect(store.description == "process environment")
    }

    @Test("an unset variable is .notFound and names the variable and the accepted forms")
    func unset() async throws {
        let store = EnvironmentKeyStore(environment: environment(["OTHER": "x"]))

        let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: Self.variable) })
        #expect(error.code == .notFound)
        #expect(error.message.contains("environment variable \(Self.variable) is not set"))
        #expect(error.message.contains("plain, base64-encoded, or with \\n escapes"))
        try expectNoSecrets(in: error)
    }

    @Test("an empty or blank variable is .notFound and names the variable", arguments: ["", "   ", "\n\t \r\n"])
    func empty(value: String) async throws {
        let store = EnvironmentKeyStore(environment: environment([Self.variable: value]))

        let error = try #require(await #expect(throws: KeyStoreError.self) { try await store.secret(named: Self.variable) })
        #expect(error.code == .notFound)
        #expect(error.message == "environment variable \(Self.variable) is empty; set it to the private key PEM")
        try expectNoSecrets(in: error)
    }

    @Test("a damaged PEM in a variable reaches RSAPrivateKey, whose error shows no key material")
    func damagedPEM() async throws {
        let keys = try KeyFixtures.shared()
        var lines = keys.pkcs8.split(separator: "\n").map(String.init)
        lines.remove(at: 3)
        let store = EnvironmentKeyStore(environment: environment([Self.variable: lines.joined(separator: "\\n")]))

        let secret = try await store.secret(named: Self.variable)
        let error = try #require(#expect(throws: JOSEError.self) { try RSAPrivateKey(pem: secret) })
        #expect(error.code == .invalidKey)
        try expectNoSecrets(in: error)
    }
}
