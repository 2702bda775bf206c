import Foundation
import Logging
import Tracing

/// What the host process gives every factory: the network, logging, the environment.
public struct RegistryContext: Sendable {
    /// How providers reach token endpoints.
    public var transport: any HTTPTransport
    /// Where providers and stores log (never secrets).
    public var logger: Logger
    /// Reads an environment variable; replaced in tests.
    public var environment: @Sendable (String) -> String?
    /// The folder `~` expands to.
    public var homeDirectory: String
    /// Where providers' exchange spans go; `nil`: the tracer bootstrapped in `InstrumentationSystem`.
    public var tracer: (any Tracer)?

    /// Creates a context over `transport`; by default a silent logger, the process environment and the
    /// user's home folder. (Module `Sesame` adds an initializer whose transport is AsyncHTTPClient.)
    public init(
        transport: any HTTPTransport,
        logger: Logger = Logger(label: "sesame", factory: { _ in SwiftLogNoOpLogHandler() }),
        environment: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] },
        homeDirectory: String = FileManager.default.homeDirectoryForCurrentUser.path
    ) {
        self.transport = transport
        self.logger = logger
        self.environment = environment
        self.homeDirectory = homeDirectory
    }
}
