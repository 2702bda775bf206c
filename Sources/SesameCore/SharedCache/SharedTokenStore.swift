/// Where tokens are kept for other processes and hosts: the layer below each provider's
/// ``TokenCache``, selected by the registry's top-level `"tokenCache"` object.
///
/// The core drives it (see ``SharedTokenProvider``): it reads a key without a lock, and only when the
/// entry is missing or stale takes the key's lock, reads again, mints, and stores. A conformer keeps the
/// entries and the locks; it never mints.
///
/// Contract for conformers:
/// - ``token(for:)`` takes no lock and may return an expired token; the caller judges freshness.
/// - ``withLock(on:timeout:_:)`` holds an exclusive lock on the key across every process (and host)
///   sharing the store, waits at most `timeout` for it (then throws), and releases it when `body`
///   returns or throws, and when the process holding it dies.
/// - Errors are the store's own (unreachable, corrupted entry, lock timeout, full disk): the caller
///   falls back to minting locally, so an error must not be thrown for an absent entry.
/// - Never a token in an error, a log line or a `description`.
public protocol SharedTokenStore: Sendable {
    /// The token stored under `key`, read without taking its lock; `nil` when there is none.
    func token(for key: SharedTokenKey) async throws -> AccessToken?

    /// Runs `body` while holding `key`'s exclusive lock, waiting at most `timeout` for the lock.
    func withLock<Result: Sendable>(
        on key: SharedTokenKey,
        timeout: Duration,
        _ body: (any SharedTokenSlot) async throws -> Result
    ) async throws -> Result
}

/// One key's entry, reachable only while its lock is held (inside ``SharedTokenStore/withLock(on:timeout:_:)``).
public protocol SharedTokenSlot {
    /// The token stored under the key; `nil` when there is none.
    func token() async throws -> AccessToken?
    /// Replaces the entry with `token`; a reader never sees a half-written entry.
    func store(_ token: AccessToken) async throws
}
