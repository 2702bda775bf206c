/// Sends one HTTP request and returns the complete response.
///
/// The seam between providers and the network: production code uses ``AsyncHTTPClientTransport``;
/// tests wrap it to inject faults a real server cannot produce on demand.
///
/// Contract: a response with any status code is returned, not thrown; throw ``HTTPTransportError``
/// only when no complete response arrived (connection refused or dropped, timeout, oversized body).
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the server's response.
    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse
}
