import SesameCore

/// Stands in for a token cache the build does not create (one the target registers in code, or
/// `postgres`, whose settings are checked without its store).
struct UncheckedTokenStore: SharedTokenStore {
    func token(for key: SharedTokenKey) async throws -> AccessToken? {
        throw RegistryError(.invalid, source: "tokenCache", message: "the token cache is checked at build time only")
    }

    func withLock<Result: Sendable>(
        on key: SharedTokenKey, timeout: Duration, _ body: (any SharedTokenSlot) async throws -> Result
    ) async throws -> Result {
        throw RegistryError(.invalid, source: "tokenCache", message: "the token cache is checked at build time only")
    }
}
