/// A used `jti` as the replay guard keeps it: 128 bits of two keyed hashes, held inline.
///
/// Keeping the `jti` strings themselves put a pointer to a separate string in every entry, and
/// hashing them at every lookup and table growth missed the cache under load. Two `jti` values share
/// a digest with a probability near 2⁻¹²⁸, and the hash key is random per process, so a client cannot
/// choose a `jti` that collides with another's.
struct JTIDigest: Hashable, Sendable {
    private let first: UInt64
    private let second: UInt64

    /// The digest of `jti`.
    init(_ jti: String) {
        var hasher = Hasher()
        hasher.combine(0 as UInt8)
        hasher.combine(jti)
        first = UInt64(UInt(bitPattern: hasher.finalize()))
        hasher = Hasher()
        hasher.combine(1 as UInt8)
        hasher.combine(jti)
        second = UInt64(UInt(bitPattern: hasher.finalize()))
    }
}
