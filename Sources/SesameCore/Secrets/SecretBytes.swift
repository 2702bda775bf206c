import CSodium

/// Owns secret key material (private keys, passphrases, client secrets) in guarded memory.
///
/// The bytes live in a `sodium_malloc` allocation: locked against swapping where the system allows it,
/// excluded from core dumps, surrounded by guard pages, and zeroed when the value is released.
/// The contents are never printed: `description`, `debugDescription` and reflection show
/// `<redacted N bytes>`. Reach the bytes only through ``withUnsafeBytes(_:)``.
///
/// Instances are immutable after initialisation and safe to share across tasks.
public final class SecretBytes: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer?
    /// The number of secret bytes.
    public let count: Int

    /// Creates a secret of `count` bytes, filled by `initializer` in place.
    ///
    /// The buffer handed to `initializer` is the guarded allocation itself, so the secret never passes
    /// through ordinary heap memory. If `initializer` throws, the allocation is zeroed and freed.
    public init(count: Int, initializer: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(count >= 0, "SecretBytes count must not be negative")
        self.count = count
        guard count > 0 else {
            base = nil
            try initializer(UnsafeMutableRawBufferPointer(start: nil, count: 0))
            return
        }
        Sodium.ensureInitialized()
        guard let memory = sodium_malloc(count) else {
            fatalError("sodium_malloc(\(count)) failed: out of memory")
        }
        base = memory
        // If this throws, the instance is fully initialised, so deinit frees (and zeroes) the memory.
        try initializer(UnsafeMutableRawBufferPointer(start: memory, count: count))
    }

    /// Creates a secret holding a copy of `bytes`.
    ///
    /// Prefer ``init(count:initializer:)`` when the secret can be written in place: the source
    /// collection is ordinary memory that this type cannot zero.
    public convenience init(copying bytes: some Collection<UInt8>) {
        self.init(count: bytes.count) { buffer in
            _ = buffer.initializeMemory(as: UInt8.self, from: bytes)
        }
    }

    /// Creates a secret holding the UTF-8 bytes of `string`.
    ///
    /// Meant for tests and for values that already exist as strings (e.g. a passphrase from a
    /// closure); the string itself stays in ordinary memory.
    public convenience init(utf8 string: String) {
        self.init(copying: Array(string.utf8))
    }

    deinit {
        if let base { sodium_free(base) }
    }

    /// Calls `body` with the secret bytes. The pointer must not escape `body`.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Whether the secret holds no bytes.
    public var isEmpty: Bool { count == 0 }

    /// Compares two secrets in time that depends only on their lengths.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard count == other.count else { return false }
        guard count > 0 else { return true }
        return sodium_memcmp(base, other.base, count) == 0
    }

    /// Returns a new secret holding `transform` applied to these bytes, written in place.
    ///
    /// `transform` receives the source bytes and a destination buffer of `capacity` bytes and
    /// returns how many bytes it wrote; the result is trimmed to that length.
    public func transformed(
        capacity: Int,
        _ transform: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) throws -> Int
    ) rethrows -> SecretBytes {
        var written = 0
        let scratch = try SecretBytes(count: capacity) { destination in
            written = try withUnsafeBytes { source in try transform(source, destination) }
            precondition(written >= 0 && written <= capacity, "transform wrote outside its buffer")
        }
        return scratch.prefix(written)
    }

    /// A new secret holding the first `length` bytes of this one.
    public func prefix(_ length: Int) -> SecretBytes {
        let length = Swift.min(length, count)
        if length == count { return self }
        return withUnsafeBytes { source in
            SecretBytes(count: length) { destination in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<length]))
            }
        }
    }
}

extension SecretBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `<redacted N bytes>`: the contents are never shown.
    public var description: String { "<redacted \(count) bytes>" }
    /// `<redacted N bytes>`: the contents are never shown.
    public var debugDescription: String { description }
    /// A mirror without children, so `dump` and debuggers cannot show the contents.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
