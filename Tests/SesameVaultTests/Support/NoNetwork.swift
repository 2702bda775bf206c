import Sesame

/// The transport of registries built by the vault tests: they never reach the network, so every
/// request fails.
struct NoNetwork: HTTPTransport {
    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        throw HTTPTransportError(.connectionFailed, "these tests have no network")
    }
}
