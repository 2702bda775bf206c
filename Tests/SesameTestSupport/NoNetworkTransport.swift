import Sesame

/// A transport for registries that are built but never used to reach a token endpoint: every
/// request fails, so a test that reaches the network by mistake fails too.
public struct NoNetworkTransport: HTTPTransport {
    /// Creates the transport.
    public init() {}

    /// Fails with `connectionFailed`.
    public func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        throw HTTPTransportError(.connectionFailed, "tests have no network")
    }
}
