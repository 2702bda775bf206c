import AsyncHTTPClient
import NIOCore

/// The process-wide `HTTPClient` Sesame uses unless given another.
///
/// AsyncHTTPClient's own `HTTPClient.shared` is tuned like a browser: it follows redirects and waits
/// up to 90 seconds for a connection, retrying a refused one all that time. A token endpoint wants
/// the opposite, so a wrong base URL or a closed port surfaces in seconds, not minutes.
public enum SesameHTTPClient {
    /// How long one attempt waits for a TCP connection (refused connections are retried within it).
    public static let connectTimeout: TimeAmount = .seconds(5)

    /// The shared client: 5 s connect timeout, redirects not followed, no decompression. Never shut down.
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: connectTimeout, read: .seconds(30)),
            decompression: .disabled
        )
        configuration.connectionPool.idleTimeout = .seconds(60)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
