import SesameJOSE

/// An issued access token as the ledger keys it: its 32 random bytes, held inline.
///
/// The token's text is `czs_` and those bytes in base64url. Keying the ledger by the text put a
/// pointer to a separate string in every entry, and hashing it at every lookup and table growth
/// missed the cache: with a few hundred thousand tokens under load, the ledger cost more than the
/// JSON of a request.
struct IssuedTokenID: Hashable, Sendable {
    /// The text every issued token starts with.
    static let prefix = "czs_"
    /// How many random bytes a token holds.
    static let byteCount = 32

    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// A new token's ID: random bytes from OpenSSL's generator, through ``RandomPool``.
    static func random() -> IssuedTokenID {
        IssuedTokenID(bytes: pool.bytes(byteCount))!
    }

    private static let pool = RandomPool()

    /// The ID of `bytes`, which must be ``byteCount`` long.
    private init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        func word(_ index: Int) -> UInt64 {
            bytes[index * 8..<index * 8 + 8].reduce(0) { $0 << 8 | UInt64($1) }
        }
        words = (word(0), word(1), word(2), word(3))
    }

    /// The ID of a token's text; `nil` when the text is not one this emulator could have issued
    /// (padding or spare bits that decode to the same bytes included: the text must be exact).
    init?(token: String) {
        guard token.hasPrefix(Self.prefix), let bytes = try? Base64URL.decode(token.dropFirst(Self.prefix.count)) else { return nil }
        self.init(bytes: bytes)
        guard self.token == token else { return nil }
    }

    /// The token's text.
    var token: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Self.prefix + Base64URL.encode(bytes)
    }

    static func == (left: IssuedTokenID, right: IssuedTokenID) -> Bool {
        left.words == right.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
