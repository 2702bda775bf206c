/// Sends one HTTP request and returns the complete response.
///
/// The seam between providers and the network: production code uses ``AsyncHTTPClientTransport``;
/// tests wrap it to inject faults a real server cannot produce on demand.
///
/// Contract: a response with any status code is returned, not thrown; throw ``HTTPTransportError``
/// only when no complete response arrived (connection refused or dropped, timeout, oversized body).
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the server's response.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// An HTTP request with its whole body.
public struct HTTPRequest: Sendable {
    /// The method, e.g. `POST`.
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header fields in order. Names are case-insensitive.
    public var headers: [(name: String, value: String)]
    /// The body, if any.
    public var body: [UInt8]?
    /// How long to wait for the whole exchange.
    public var timeout: Duration

    /// Creates a request.
    public init(
        method: String,
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil,
        timeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// An HTTP response with its whole body.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields in order.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive), if present.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
