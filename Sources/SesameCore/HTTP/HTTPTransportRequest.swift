/// An HTTP request with its whole body, as an ``HTTPTransport`` sends it.
///
/// Named apart from swift-http-types' `HTTPRequest`, which Hummingbird re-exports, so that an app can
/// import both.
public struct HTTPTransportRequest: Sendable {
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
