import Foundation
import SesameCore
import Testing

@Suite("AccessToken")
struct AccessTokenTests {
    static let value = "czs_ThisIsTheTokenValueThatMustNeverBePrinted0123"
    static let token = AccessToken(
        value: value,
        expiresAt: Date(timeIntervalSince1970: 1_795_583_400),  // 2026-11-25T05:10:00Z
        issuedAt: Date(timeIntervalSince1970: 1_795_582_500)
    )

    @Test("description shows the type and expiry, never the value")
    func description() {
        let description = Self.token.description
        #expect(!description.contains(Self.value))
        #expect(description.contains("Bearer"))
        #expect(description.contains("2026-11-25T05:10:00Z"))
        #expect(description.contains("<redacted>"))
    }

    @Test("debugDescription, reflection, interpolation and dump never show the value")
    func everyTextualFormIsRedacted() {
        var dumped = ""
        dump(Self.token, to: &dumped)
        var dumpedInside = ""
        dump(["cached": Self.token], to: &dumpedInside)
        let forms = [
            Self.token.debugDescription,
            String(describing: Self.token),
            String(reflecting: Self.token),
            "\(Self.token)",
            "\([Self.token])",
            String(reflecting: Optional(Self.token)),
            dumped,
            dumpedInside,
        ]
        for text in forms {
            #expect(!text.contains(Self.value), "shows the token: \(text)")
            #expect(!text.contains("czs_"), "shows part of the token: \(text)")
        }
        #expect(dumped.contains("expiresAt"))
        #expect(!Mirror(reflecting: Self.token).children.contains { $0.label == "value" })
    }

    @Test("authorizationHeader is the type, a space and the value", arguments: [
        ("Bearer", "abc", "Bearer abc"),
        ("MAC", "x.y", "MAC x.y"),
    ])
    func authorizationHeader(type: String, value: String, expected: String) {
        let token = AccessToken(value: value, type: type, expiresAt: Date(timeIntervalSince1970: 10))
        #expect(token.authorizationHeader == expected)
    }

    @Test("the type defaults to Bearer; lifetime is expiry minus receipt")
    func defaults() {
        #expect(Self.token.type == "Bearer")
        #expect(Self.token.lifetime == 900)
    }
}
