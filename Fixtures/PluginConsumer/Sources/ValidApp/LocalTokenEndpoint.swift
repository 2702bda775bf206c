import Foundation
import Sesame

/// An in-process token endpoint for the `api-key` provider: the first request gets HTTP 503, later
/// ones a token for the right API key, so a run shows `TokenExchange` retrying.
actor LocalTokenEndpoint: HTTPTransport {
    private(set) var requests = 0
    let expectedKey: String

    init(expectedKey: String) {
        self.expectedKey = expectedKey
    }

    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        requests += 1
        guard requests > 1 else { return HTTPTransportResponse(status: 503) }
        guard request.headers.contains(where: { $0.name == "Authorization" && $0.value == "ApiKey \(expectedKey)" }) else {
            return HTTPTransportResponse(status: 401)
        }
        return HTTPTransportResponse(status: 200, body: Array(#"{"token": "issued-by-local-endpoint", "expiresIn": 300}"#.utf8))
    }
}
