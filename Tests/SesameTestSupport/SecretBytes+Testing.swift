import Sesame

extension SecretBytes {
    /// The bytes as UTF-8 text. Tests only: library code never turns a secret into a `String`.
    public var revealedForTest: String {
        withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes, for byte-exact comparisons. Tests only.
    public var bytesForTest: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}
