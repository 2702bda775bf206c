import Foundation
import SesameCore
import Testing

@Suite("Registry: secrets pasted inline are refused without being repeated")
struct RegistrySecretTests {
    /// A secret pasted into providers.json, and the fragments of it no message may contain.
    struct PastedSecret: Sendable, CustomTestStringConvertible {
        let kind: String
        /// The value as it appears in the JSON text (escaped).
        let json: String
        let fragments: [String]
        var testDescription: String { kind }
    }

    static let pemLines = [
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
        "MN9Dkl3jz2d3kTQxHSn3qQWZ3yGmYDZ/1Oro6y7xFhW8DkAEhiYhg1mHwJYqMW3R",
        "Ut9Us8cKjMN9Dkl3jz2d3kTQxHSn3qQWZ3yGmYDZ/1Oro6y7xFhW8DkAEhiYhg1m",
    ]

    static let secrets: [PastedSecret] = [
        PastedSecret(
            kind: "PEM private key",
            json: "-----BEGIN PRIVATE KEY-----\\n" + pemLines.joined(separator: "\\n") + "\\n-----END PRIVATE KEY-----\\n",
            fragments: ["BEGIN", "END PRIVATE"] + pemLines + pemLines.map { String($0.prefix(16)) }
        ),
        PastedSecret(
            kind: "PKCS#1 PEM key",
            json: "-----BEGIN RSA PRIVATE KEY-----\\n" + pemLines[0] + "\\n-----END RSA PRIVATE KEY-----",
            fragments: ["BEGIN", pemLines[0], String(pemLines[0].suffix(20))]
        ),
        PastedSecret(
            kind: "Coze access token",
            json: "czs_" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0h",
            fragments: ["czs_", "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0h", "Ab3dEf6hIj9k"]
        ),
        PastedSecret(
            kind: "personal access token",
            json: "pat_" + "0123456789abcdefghijklmnopqrstuvwxyzABCD",
            fragments: ["pat_", "0123456789abcdefghij"]
        ),
        PastedSecret(
            kind: "signed JWT",
            json: "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMTMzNDgzOTM1MDQwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWc",
            fragments: ["eyJhbGciOiJSUzI1NiJ9", "eyJpc3MiOiIxMTMzNDgzOTM1MDQwIn0", "c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWc"]
        ),
        PastedSecret(
            kind: "base64-encoded DER key",
            json: "MII" + String(repeating: "EvQIBADANBgkqhkiG9w0BAQEFAASCBKc", count: 8),
            fragments: ["MIIEvQIBADANBgkq", "EvQIBADANBgkqhkiG9w0"]
        ),
    ]

    /// Where the secret is pasted (`SECRET` is replaced), and the path the issue must name.
    static let placements: [(fields: String, path: String)] = [
        (#", "label": "SECRET""#, "providers.p.label"),
        (#", "scopes": ["chat", "SECRET"]"#, "providers.p.scopes[1]"),
        (#", "privateKey": "SECRET""#, "providers.p.privateKey"),
        (#", "key": {"store": "mem", "name": "SECRET"}"#, "providers.p.key.name"),
        (#", "options": {"retries": 1, "extra": {"deep": ["SECRET"]}}"#, "providers.p.options.extra.deep[0]"),
    ]

    @Test("a pasted secret is reported at its path, and no message repeats any part of it", arguments: secrets, placements)
    func pastedSecretIsRefused(secret: PastedSecret, placement: (fields: String, path: String)) throws {
        let fields = placement.fields.replacingOccurrences(of: "SECRET", with: secret.json)
        let json = #"{"version": 1, "keyStores": {"mem": {"type": "memory"}}, "providers": {"p": {"type": "static", "appId": "1"\#(fields)}}}"#
        let error = try #require(throws: RegistryError.self) { try TestPlugins.decode(json) }
        #expect(error.code == .invalid)
        let issue = try #require(error.issues.first { $0.path.description == placement.path }, "\(error.issues)")
        #expect(issue.message.hasPrefix("looks like a"))
        #expect(issue.message.contains("references only"))

        var dumped = ""
        dump(error, to: &dumped)
        let texts = [error.message, error.description, String(reflecting: error), dumped] + error.issues.map(\.description)
        for text in texts {
            for fragment in secret.fragments {
                #expect(!text.contains(fragment), "a message repeats \"\(fragment)\": \(text)")
            }
        }
    }

    @Test("ordinary values that merely resemble secrets are accepted", arguments: [
        "czs_short",
        "pat_",
        "https://api.coze.cn",
        "MIIsmall",
        "a.b.c",
        "eyJ.short.jwt",
    ])
    func lookalikesAreAccepted(value: String) throws {
        let json = #"{"version": 1, "providers": {"p": {"type": "static", "appId": "1", "label": "\#(value)"}}}"#
        let registry = try TestPlugins.decode(json)
        let provider = try #require(registry.providers["p"]?.provider as? StaticProvider)
        #expect(provider.settings.label == value)
    }
}
