import SesameCore
import Testing

@Suite("SecretBytes")
struct SecretBytesTests {
    static let content = "hunter2-very-secret"

    @Test("every textual form shows <redacted N bytes> and never the content")
    func redactedEverywhere() {
        let secret = SecretBytes(utf8: Self.content)
        let expected = "<redacted \(Self.content.utf8.count) bytes>"
        #expect(secret.description == expected)
        #expect(secret.debugDescription == expected)
        #expect(String(describing: secret) == expected)
        #expect(String(reflecting: secret) == expected)
        #expect("\(secret)" == expected)
        #expect("\([secret])".contains(expected))
        #expect(String(reflecting: Optional(secret)).contains(expected))

        var dumped = ""
        dump(secret, to: &dumped)
        #expect(dumped.contains(expected))
        var dumpedInside = ""
        dump(["key": secret], to: &dumpedInside)

        for text in [secret.description, secret.debugDescription, String(reflecting: secret), dumped, dumpedInside] {
            #expect(!text.contains("hunter2"), "shows the secret: \(text)")
        }
        #expect(Mirror(reflecting: secret).children.isEmpty)
    }

    @Test("the bytes given are the bytes read back", arguments: [
        [UInt8](),
        [0],
        [0, 1, 2, 127, 128, 254, 255],
        Array(repeating: 0xA5, count: 4096),
    ])
    func roundTrip(bytes: [UInt8]) {
        let secret = SecretBytes(copying: bytes)
        #expect(secret.count == bytes.count)
        #expect(secret.isEmpty == bytes.isEmpty)
        #expect(secret.withUnsafeBytes { Array($0) } == bytes)
    }

    @Test("init(count:initializer:) writes in place; init(utf8:) holds the UTF-8 bytes")
    func initializers() {
        let counted = SecretBytes(count: 4) { buffer in
            for index in buffer.indices { buffer[index] = UInt8(index * 10) }
        }
        #expect(counted.withUnsafeBytes { Array($0) } == [0, 10, 20, 30])
        let text = SecretBytes(utf8: "pässword")
        #expect(text.withUnsafeBytes { Array($0) } == Array("pässword".utf8))
        #expect(text.count == 9)
    }

    @Test("constantTimeEquals compares contents and lengths", arguments: [
        ("abc", "abc", true),
        ("abc", "abd", false),
        ("abc", "abcd", false),
        ("", "", true),
        ("", "a", false),
    ])
    func constantTimeEquals(left: String, right: String, equal: Bool) {
        let lhs = SecretBytes(utf8: left)
        let rhs = SecretBytes(utf8: right)
        #expect(lhs.constantTimeEquals(rhs) == equal)
        #expect(rhs.constantTimeEquals(lhs) == equal)
    }

    @Test("prefix keeps the first bytes; a length past the end keeps them all", arguments: [
        (0, ""),
        (3, "sec"),
        (6, "secret"),
        (100, "secret"),
    ])
    func prefix(length: Int, expected: String) {
        let secret = SecretBytes(utf8: "secret")
        let prefix = secret.prefix(length)
        #expect(prefix.count == expected.utf8.count)
        #expect(prefix.withUnsafeBytes { Array($0) } == Array(expected.utf8))
        #expect(secret.withUnsafeBytes { Array($0) } == Array("secret".utf8))
    }

    @Test("transformed writes into a new secret, trimmed to the bytes written")
    func transformed() {
        let secret = SecretBytes(utf8: "a-b-c")
        let stripped = secret.transformed(capacity: secret.count) { source, destination in
            var written = 0
            for byte in source where byte != UInt8(ascii: "-") {
                destination[written] = byte
                written += 1
            }
            return written
        }
        #expect(stripped.withUnsafeBytes { Array($0) } == Array("abc".utf8))
        #expect(stripped.count == 3)
        #expect(secret.withUnsafeBytes { Array($0) } == Array("a-b-c".utf8))

        let doubled = secret.transformed(capacity: 2 * secret.count) { source, destination in
            for (index, byte) in source.enumerated() {
                destination[2 * index] = byte
                destination[2 * index + 1] = byte
            }
            return 2 * source.count
        }
        #expect(doubled.withUnsafeBytes { Array($0) } == Array("aa--bb--cc".utf8))
    }

    @Test("an empty secret is empty everywhere")
    func emptySecret() {
        let empty = SecretBytes(copying: [UInt8]())
        #expect(empty.isEmpty)
        #expect(empty.count == 0)
        #expect(empty.description == "<redacted 0 bytes>")
        #expect(empty.withUnsafeBytes { $0.count } == 0)
        #expect(empty.prefix(5).isEmpty)
        #expect(empty.constantTimeEquals(SecretBytes(utf8: "")))
        #expect(empty.transformed(capacity: 0) { _, _ in 0 }.isEmpty)
    }
}
