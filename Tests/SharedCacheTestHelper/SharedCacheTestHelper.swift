#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import Sesame
import SesamePostgresCache

/// A program sharing tokens through a registry's `tokenCache` (`file` or `postgres`), spawned by
/// `SesameFileTokenCacheTests` and `SesamePostgresCacheTests`
/// to put several processes on one cold cache, or to die holding a key's lock mid-exchange.
///
/// `SharedCacheTestHelper MODE --config FILE --provider NAME [--callers N] [--lock-timeout-ms N] [--session S]`
///
/// - `callers`: N concurrent callers of one `TokenBroker` (or, with `--lock-timeout-ms`, of a
///   `TokenCache` over a `SharedTokenProvider` with that lock timeout); prints `HELPER-TOKENS N D`
///   (N tokens, D the first 16 hex digits of the SHA-256 of the one token they all got, or `mixed`).
/// - `hold-lock`: takes the key's lock through a `SharedTokenProvider` whose exchange prints
///   `HELPER-LOCKED` and then waits a minute before exchanging: for the parent to kill it there.
///
/// Warnings are printed as `HELPER-WARNING MESSAGE`; the last line is `HELPER-OK` (exit 0) or
/// `HELPER-ERROR MESSAGE` (exit 1); bad arguments exit 2. Never prints a token.
@main
enum SharedCacheTestHelper {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let mode = arguments.first, let options = HelperOptions(arguments.dropFirst()) else {
            say("HELPER-ERROR usage SharedCacheTestHelper MODE --config FILE --provider NAME [--callers N] [--lock-timeout-ms N] [--session S]")
            exit(2)
        }
        do {
            var plugins = PluginSet.builtIn
            plugins.registerPostgresTokenCache()
            let registry = try Registry.load(file: options.config, plugins: plugins)
            let request = TokenRequest(sessionName: options.session)
            switch mode {
            case "callers":
                try await callers(registry, request: request, options: options)
            case "hold-lock":
                try await holdLock(registry, request: request, options: options)
            default:
                say("HELPER-ERROR unknown mode \(mode)")
                exit(2)
            }
            say("HELPER-OK")
            exit(0)
        } catch {
            say("HELPER-ERROR \(error)")
            exit(1)
        }
    }

    private static func callers(_ registry: Registry, request: TokenRequest, options: HelperOptions) async throws {
        let fetch: @Sendable () async throws -> AccessToken
        if let milliseconds = options.lockTimeoutMilliseconds {
            let cache = TokenCache(provider: try shared(registry, options: options, lockTimeout: .milliseconds(milliseconds)))
            fetch = { try await cache.token(for: request) }
        } else {
            let broker = TokenBroker(registry: registry, logger: warnings)
            fetch = { try await broker.token(for: options.provider, request) }
        }
        let tokens = try await withThrowingTaskGroup(of: AccessToken.self, returning: [AccessToken].self) { group in
            for _ in 0..<options.callers { group.addTask { try await fetch() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let values = Set(tokens.map(\.value))
        let digest = values.count == 1 ? String(SHA256Digest.hex(of: Array(values.first!.utf8)).prefix(16)) : "mixed"
        say("HELPER-TOKENS \(tokens.count) \(digest)")
    }

    private static func holdLock(_ registry: Registry, request: TokenRequest, options: HelperOptions) async throws {
        let provider = try shared(registry, options: options, lockTimeout: .seconds(10)) { inner in SlowProvider(inner: inner) }
        _ = try await provider.fetchToken(request)
    }

    private static func shared(
        _ registry: Registry, options: HelperOptions, lockTimeout: Duration,
        wrapping wrap: (any AuthProvider) -> any AuthProvider = { $0 }
    ) throws -> SharedTokenProvider {
        let entry = try registry.provider(named: options.provider)
        guard let tokenCache = registry.tokenCache else { throw HelperError(description: "the registry has no tokenCache") }
        return SharedTokenProvider(
            provider: wrap(entry.provider), store: tokenCache.store, name: entry.name,
            configurationFingerprint: entry.configurationFingerprint, lockTimeout: lockTimeout, logger: warnings
        )
    }

    /// Warnings as `HELPER-WARNING` lines.
    static var warnings: Logger {
        Logger(label: "helper") { _ in WarningPrinter() }
    }

    /// Writes `line` to stdout at once (no buffering: the parent waits for it).
    static func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}

struct HelperError: Error, CustomStringConvertible {
    let description: String
}

/// An exchange that announces itself and then takes a minute: a lock holder to kill mid-exchange.
struct SlowProvider: AuthProvider {
    let inner: any AuthProvider

    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        SharedCacheTestHelper.say("HELPER-LOCKED")
        try await Task.sleep(for: .seconds(60))
        return try await inner.fetchToken(request)
    }
}

/// Prints warnings (and notices) as `HELPER-WARNING MESSAGE` lines.
struct WarningPrinter: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .notice

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        SharedCacheTestHelper.say("HELPER-WARNING \(event.message)")
    }
}
