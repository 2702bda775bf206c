import SesameTestSupport

/// An HTTP/1.1 answer read off the wire.
typealias RawHTTPResponse = RawHTTPConnection.Response
/// Why a raw exchange failed.
typealias RawHTTPError = RawHTTPConnection.Failure

/// One request on a connection of its own, sent by a blocking socket on a thread of its own, so tests
/// control every header (no default Content-Type), see a dropped connection as it is, and never retry
/// on their own.
enum RawHTTPClient {
    static func send(
        port: Int,
        method: String,
        path: String,
        headers: [(String, String)] = [],
        body: [UInt8]? = nil
    ) async throws -> RawHTTPResponse {
        try await offPool {
            let connection = try RawHTTPConnection(port: port, timeout: 60)
            // A server may answer (and close) before it has read a whole body: read whatever it sent.
            connection.sendRequest(method: method, path: path, headers: headers + [("Connection", "close")], body: body)
            return try connection.readResponse()
        }
    }
}
