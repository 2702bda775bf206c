import CSodium
import Foundation
import SesameCore

/// The vault's 32-byte data key (DEK) in a `sodium_malloc` allocation that is inaccessible
/// (`sodium_mprotect_noaccess`) except inside ``withBytes(_:)``.
///
/// A separate type from `SecretBytes` because the key stays cached for the life of a key store and
/// `SecretBytes` has no access-protection switch. Zeroed and freed on release. Thread-safe: access is
/// serialised so that one caller never revokes the page under another.
final class DataKey: @unchecked Sendable, CustomStringConvertible {
    static let length = VaultCrypto.keyLength

    private let pointer: UnsafeMutableRawPointer
    private let lock = NSLock()

    /// Creates a key filled in place by `fill`; if `fill` throws, the memory is zeroed and freed.
    init(fill: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        Sodium.ensureInitialized()
        guard let memory = sodium_malloc(Self.length) else {
            fatalError("sodium_malloc(\(Self.length)) failed: out of memory")
        }
        do {
            try fill(UnsafeMutableRawBufferPointer(start: memory, count: Self.length))
        } catch {
            sodium_free(memory)
            throw error
        }
        pointer = memory
        sodium_mprotect_noaccess(memory)
    }

    /// A fresh random key from `random`.
    static func random(_ random: VaultRandom) -> DataKey {
        // `fill` cannot throw here.
        try! DataKey { random.fill($0) }
    }

    deinit {
        sodium_mprotect_readwrite(pointer)
        sodium_free(pointer)
    }

    /// Calls `body` with the key readable; the pointer must not escape.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        lock.lock()
        sodium_mprotect_readonly(pointer)
        defer {
            sodium_mprotect_noaccess(pointer)
            lock.unlock()
        }
        return try body(UnsafeRawBufferPointer(start: pointer, count: Self.length))
    }

    /// Whether two keys are equal, compared in constant time.
    func constantTimeEquals(_ other: DataKey) -> Bool {
        if other === self { return true }
        return withBytes { mine in other.withBytes { theirs in sodium_memcmp(mine.baseAddress!, theirs.baseAddress!, Self.length) == 0 } }
    }

    /// `<redacted data key>`.
    var description: String { "<redacted data key>" }
}
