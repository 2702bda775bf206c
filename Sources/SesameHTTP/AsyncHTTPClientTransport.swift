import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SesameCore

/// ``HTTPTransport`` over AsyncHTTPClient.
public struct AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    private let maxResponseBytes: Int

    /// Creates a transport on `client` (default: ``SesameHTTPClient/shared``), reading at most
    /// `maxResponseBytes` of each response body.
    public init(client: HTTPClient = SesameHTTPClient.shared, maxResponseBytes: Int = 1 << 20) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    /// Sends `request`; see ``HTTPTransport``.
    public func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        let host = URLText.origin(request.url)
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let timeout = TimeAmount.nanoseconds(Int64(request.timeout.components.seconds) * 1_000_000_000
            + request.timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            let body = try await response.body.collect(upTo: maxResponseBytes)
            return HTTPTransportResponse(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(body.readableBytesView)
            )
        } catch let error as HTTPTransportError {
            throw error
        } catch let error as HTTPClientError {
            throw Self.translate(error, host: host)
        } catch is NIOTooManyBytesError {
            throw HTTPTransportError(
                .responseTooLarge,
                "the response from \(host) is larger than \(maxResponseBytes) bytes; is the base URL pointing at the right server?"
            )
        } catch {
            throw HTTPTransportError(
                .connectionFailed,
                "cannot reach \(host): \(error); check the base URL and your network",
                underlying: error
            )
        }
    }

    private static func translate(_ error: HTTPClientError, host: String) -> HTTPTransportError {
        if [.invalidURL, .emptyHost, .emptyScheme].contains(error) {
            return HTTPTransportError(.invalidURL, "invalid URL for \(host): \(error)", underlying: error)
        }
        if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) {
            return HTTPTransportError(.timeout, "\(host) did not answer in time (\(error)); retry, or check the network path to it", underlying: error)
        }
        return HTTPTransportError(.connectionFailed, "cannot reach \(host): \(error); check the base URL and your network", underlying: error)
    }
}
