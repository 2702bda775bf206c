/// How much an emulator's clients may hold: connections, time and header size. Stalled, slow or
/// oversized clients are cut off by these while the others are served.
public struct EmulatorConnectionLimits: Sendable {
    /// Connections served at once; more wait in the listen backlog until one closes. Default 1,024.
    public var maxConnections: Int
    /// A connection with no request in progress and nothing read for this long is closed; this is
    /// also the time allowed for a request's headers. Default 30 s.
    public var idleTimeout: Duration
    /// A request whose body has not fully arrived this long after its headers gets a 408 and its
    /// connection is closed. Default 30 s.
    public var requestTimeout: Duration
    /// The largest request head (request line and headers), in bytes; larger gets a 431. Default 16 KiB.
    public var maxHeaderSize: Int

    /// Creates limits; the defaults suit tests and CI.
    public init(maxConnections: Int = 1_024, idleTimeout: Duration = .seconds(30), requestTimeout: Duration = .seconds(30), maxHeaderSize: Int = 16 * 1_024) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.maxHeaderSize = maxHeaderSize
    }
}
