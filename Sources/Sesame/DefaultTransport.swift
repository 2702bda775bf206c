import Foundation
import Logging
import SesameBuiltIns
import SesameCore
import SesameCoze
import SesameHTTP
import SesameOAuth2

// The modules below `Sesame` take their HTTP transport as an argument, so that they do not depend on
// AsyncHTTPClient. These initializers supply the default: the shared client of `SesameHTTPClient`.

extension RegistryContext {
    /// A context whose providers reach token endpoints through AsyncHTTPClient; by default a silent
    /// logger, the process environment and the user's home folder.
    public init(
        logger: Logger = Logger(label: "sesame", factory: { _ in SwiftLogNoOpLogHandler() }),
        environment: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] },
        homeDirectory: String = FileManager.default.homeDirectoryForCurrentUser.path
    ) {
        self.init(transport: AsyncHTTPClientTransport(), logger: logger, environment: environment, homeDirectory: homeDirectory)
    }
}

extension Registry {
    /// Reads and builds the registry at `path` with the built-in plugins.
    public static func load(file path: String, context: RegistryContext = RegistryContext()) throws -> Registry {
        try load(file: path, plugins: .builtIn, context: context)
    }

    /// Reads and builds the registry at `path` with `plugins`, reaching the network through AsyncHTTPClient.
    public static func load(file path: String, plugins: PluginSet) throws -> Registry {
        try load(file: path, plugins: plugins, context: RegistryContext())
    }
}

extension CozeJWTProvider {
    /// Creates a provider that reaches Coze through AsyncHTTPClient.
    public convenience init(
        name: String,
        configuration: CozeJWTConfiguration,
        logger: Logger = Logger(label: "sesame.coze", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(name: name, configuration: configuration, transport: AsyncHTTPClientTransport(), logger: logger, now: now)
    }
}

extension CozeDoctor {
    /// Creates a doctor that reaches Coze through AsyncHTTPClient.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(transport: AsyncHTTPClientTransport(), now: now)
    }
}

extension OAuth2ClientCredentialsProvider {
    /// Creates a provider that reaches the token endpoint through AsyncHTTPClient.
    public convenience init(
        name: String,
        configuration: OAuth2ClientCredentialsConfiguration,
        logger: Logger = Logger(label: "sesame.oauth2", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(name: name, configuration: configuration, transport: AsyncHTTPClientTransport(), logger: logger, now: now)
    }
}
