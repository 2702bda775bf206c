/// No complete HTTP response arrived.
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case invalidURL, connectionFailed, timeout, responseTooLarge }
        private let value: Value
        /// The URL cannot be parsed or uses an unsupported scheme.
        public static let invalidURL = Code(value: .invalidURL)
        /// The connection could not be made, or closed before a whole response arrived.
        public static let connectionFailed = Code(value: .connectionFailed)
        /// The exchange took longer than the request's timeout.
        public static let timeout = Code(value: .timeout)
        /// The response body exceeded the transport's limit.
        public static let responseTooLarge = Code(value: .responseTooLarge)
        /// The code's name.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, why, and the fix.
    public let message: String
    /// The error reported by the HTTP client.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// Whether repeating the request may succeed (connection failures and timeouts).
    public var isTransient: Bool { code == .connectionFailed || code == .timeout }

    /// The message.
    public var description: String { message }
}
