/// The error type of a provider whose exchanges run through ``TokenExchange``.
///
/// It tells the exchange whether a failed attempt may be repeated, carries the number of attempts,
/// describes itself to the log, and wraps the two failures every provider meets: a token endpoint
/// that could not be reached, and a secret its key store could not hand over.
///
/// Contract for conformers:
/// - ``attempts`` is a stored property that the message notes (``notingAttempts(_:)``): the exchange
///   sets it on a copy of the final error, so every other field survives unchanged.
/// - ``logMetadata`` holds classifications only (codes, HTTP status, the server's request ID): never
///   a secret, token, signed assertion, or server text that might echo one.
/// - The two wrapping functions keep the cause as the error's underlying error and say what the
///   user should fix in the provider's own terms (its configuration keys).
public protocol TokenExchangeError: Error, Sendable {
    /// Whether another attempt may succeed (a server error, a rate limit), and how long the server
    /// asked to wait; `nil` for a final failure. Transport failures never reach this property:
    /// ``TokenExchange`` retries those that are transient itself.
    var retryAdvice: RetryAdvice? { get }

    /// How many exchanges were attempted before this error; 1 unless ``TokenExchange`` gave up after
    /// several.
    var attempts: Int { get set }

    /// What the exchange's failure log line carries besides the provider and the attempts, by key.
    var logMetadata: [String: String] { get }

    /// The error for an attempt that got no response from `url`.
    static func unreachable(_ failure: HTTPTransportError, url: String, provider: String) -> Self

    /// The error for a secret that `reference`'s key store could not hand over.
    static func secretUnavailable(_ failure: any Error, reading reference: KeyReference, provider: String) -> Self
}

extension TokenExchangeError {
    /// `message`, followed by ` (gave up after N attempts)` when more than one attempt was made.
    public func notingAttempts(_ message: String) -> String {
        attempts > 1 ? "\(message) (gave up after \(attempts) attempts)" : message
    }
}
