/// Counters of an emulator since it started, served as JSON at `GET /__emulator/stats`.
public struct EmulatorStats: Sendable, Codable, Equatable {
    /// Every HTTP request received, whatever its path, including dropped ones.
    public var requests: Int
    /// Requests to one of the three token paths, whatever their outcome.
    public var tokenRequests: Int
    /// Access tokens issued (200 answers on a token path).
    public var tokensIssued: Int
    /// Token requests refused, by the `error_code` answered (injected 429s and 500s included).
    public var rejections: [String: Int]
    /// Token requests whose connection was closed without an answer (``EmulatorFaults/dropFirst``).
    public var connectionsDropped: Int
    /// Calls to the protected API (`GET /v1/workspaces`), whatever their outcome.
    public var apiCalls: Int
    /// Calls to the protected API refused with code 4100 (no, unknown, expired or revoked token).
    public var apiRefusals: Int
    /// Tokens made invalid before their expiry by `POST /__emulator/revoke`.
    public var tokensRevoked: Int

    /// Creates counters; the default is all zero.
    public init(
        requests: Int = 0,
        tokenRequests: Int = 0,
        tokensIssued: Int = 0,
        rejections: [String: Int] = [:],
        connectionsDropped: Int = 0,
        apiCalls: Int = 0,
        apiRefusals: Int = 0,
        tokensRevoked: Int = 0
    ) {
        self.requests = requests
        self.tokenRequests = tokenRequests
        self.tokensIssued = tokensIssued
        self.rejections = rejections
        self.connectionsDropped = connectionsDropped
        self.apiCalls = apiCalls
        self.apiRefusals = apiRefusals
        self.tokensRevoked = tokensRevoked
    }
}
