import CSodium
import SesameCore
import Synchronization

/// The vault's 32-byte data key (DEK) in a `sodium_malloc` allocation that is inaccessible
/// (`sodium_mprotect_noaccess`) except inside ``withBytes(_:)``.
///
/// A separate type from `SecretBytes` because the key stays cached for the life of a key store and
/// `SecretBytes` has no access-protection switch. Zeroed and freed on release. Thread-safe: access is
/// serialised so that one caller never revokes the page under another, and no method holds two keys'
/// locks at once.
final class DataKey: Sendable, CustomStringConvertible {
    static let length = VaultCrypto.keyLength

    // The address of the allocation; only touched with `access` held (or in init/deinit).
    private let address: UInt
    private let access = Mutex(())

    /// Creates a key filled in place by `fill`; if `fill` throws, the memory is zeroed and freed.
    /// With a `fill` that cannot throw, neither can this.
    init<Failure: Error>(fill: (UnsafeMutableRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
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
        address = UInt(bitPattern: memory)
        sodium_mprotect_noaccess(memory)
    }

    /// A fresh random key from `random`.
    static func random(_ random: VaultRandom) -> DataKey {
        DataKey { random.fill($0) }
    }

    deinit {
        sodium_mprotect_readwrite(pointer)
        sodium_free(pointer)
    }

    private var pointer: UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: address)!
    }

    /// Calls `body` with the key readable; the pointer must not escape.
    func withBytes<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try access.withLock { _ throws(Failure) in
            Unchecked(try withReadableBytes(body))
        }.value
    }

    /// Whether two keys are equal, compared in constant time.
    ///
    /// Both locks are taken in address order, whichever key the caller names first, so two threads
    /// comparing `a` with `b` and `b` with `a` cannot each hold the lock the other waits for.
    func constantTimeEquals(_ other: DataKey) -> Bool {
        if other === self { return true }
        let (first, second) = address < other.address ? (self, other) : (other, self)
        return first.access.withLock { _ in
            second.access.withLock { _ in
                first.withReadableBytes { mine in
                    second.withReadableBytes { theirs in sodium_memcmp(mine.baseAddress!, theirs.baseAddress!, Self.length) == 0 }
                }
            }
        }
    }

    /// `body` with the page readable; the caller holds ``access``.
    private func withReadableBytes<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        let pointer = pointer
        sodium_mprotect_readonly(pointer)
        defer { sodium_mprotect_noaccess(pointer) }
        return try body(UnsafeRawBufferPointer(start: pointer, count: Self.length))
    }

    /// `<redacted data key>`.
    var description: String { "<redacted data key>" }
}

/// Carries a non-`Sendable` result out of `Mutex.withLock`, whose result must be `sending`: the value
/// is created inside the closure and handed to the one caller, never shared.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
