import Foundation
import SesameJOSE
import Testing

@Suite("Base64URL")
struct Base64URLTests {
    @Test("RFC 4648 §10 test vectors, without padding", arguments: [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) throws {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test("the URL-safe alphabet: - and _ where base64 has + and /", arguments: [
        ([0xFB, 0xFF] as [UInt8], "-_8"),        // base64 "+/8="
        ([0xFF, 0xFF, 0xFE], "___-"),            // base64 "///+"
        ([0x3E, 0x3F], "Pj8"),                   // base64 "Pj8="
        ([0x00], "AA"),
        ([0xFF], "_w"),
    ])
    func urlAlphabet(bytes: [UInt8], encoded: String) throws {
        let text = Base64URL.encode(bytes)
        #expect(text == encoded)
        #expect(!text.contains("+") && !text.contains("/") && !text.contains("="))
        #expect(try Base64URL.decode(encoded) == bytes)
    }

    @Test("every byte value and every length round-trips")
    func roundTrip() throws {
        let all = (0...255).map(UInt8.init)
        #expect(try Base64URL.decode(Base64URL.encode(all)) == all)
        for length in 0...70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let encoded = Base64URL.encode(bytes)
            #expect(encoded.count == (length * 4 + 2) / 3)
            #expect(try Base64URL.decode(encoded) == bytes)
        }
    }

    @Test("padding is accepted but not required")
    func padding() throws {
        #expect(try Base64URL.decode("Zg==") == Array("f".utf8))
        #expect(try Base64URL.decode("Zm8=") == Array("fo".utf8))
    }

    @Test("decoding accepts a Substring")
    func substring() throws {
        let compact = "Zm9v.YmFy"
        let parts = compact.split(separator: ".")
        #expect(try Base64URL.decode(parts[1]) == Array("bar".utf8))
    }

    @Test("characters outside the base64url alphabet are rejected", arguments: [
        "Zm9v+Y", "Zm/v", "Zm9v!", "Zm 9v", "Zm9v\n", "Zmé9", "Zm9v%3D", "Zm9\u{0}v",
    ])
    func invalidCharacters(text: String) {
        let error = #expect(throws: JOSEError.self) { try Base64URL.decode(text) }
        #expect(error?.code == .invalidBase64URL)
    }

    @Test("a length no encoding can produce is rejected", arguments: ["Z", "Zm9vY", "Zm9vYmFyZ", "Z==="])
    func impossibleLength(text: String) {
        let error = #expect(throws: JOSEError.self) { try Base64URL.decode(text) }
        #expect(error?.code == .invalidBase64URL)
    }
}
