/// Mints access tokens from one configured identity (an OAuth app, a client ID).
///
/// Contract for conformers:
/// - Every call performs one fresh exchange with the token endpoint (retries included). Do not cache:
///   ``TokenCache`` adds reuse, single-flight and refresh-ahead on top of any provider.
/// - Safe to call concurrently from many tasks.
/// - Never log or throw secret material: no private key, client secret, signed assertion or token
///   may appear in a log line, an error message or a `description`.
/// - Throw errors that say what failed, why, and the fix.
public protocol AuthProvider: Sendable {
    /// Mints a new access token for `request`.
    func fetchToken(_ request: TokenRequest) async throws -> AccessToken
}
