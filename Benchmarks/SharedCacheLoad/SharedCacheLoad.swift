import Foundation
import Logging
import Sesame
import SesamePostgresCache

/// One process of the shared token cache benchmark (`scripts/bench/shared-cache.py`, run by `make bench`):
/// N concurrent callers of one `TokenBroker`, each asking once for a token, each call timed.
///
/// `SharedCacheLoad --config FILE --provider NAME --callers N`
///
/// Loads the registry (the built-in types and `postgres`), prints `ready`, and waits for a line on
/// stdin, so that the harness starts the callers of K processes together; then starts the N callers
/// at once and prints one line of JSON (``LoadReport``). Warnings the shared cache logs (a fallback to
/// minting locally) are reported, never a token.
@main
enum SharedCacheLoad {
    static func main() async {
        guard let options = LoadOptions(CommandLine.arguments.dropFirst()) else {
            FileHandle.standardError.write(Data("usage: SharedCacheLoad --config FILE --provider NAME --callers N\n".utf8))
            exit(2)
        }
        let warnings = WarningLog()
        let registry: Registry
        do {
            var plugins = PluginSet.builtIn
            plugins.registerPostgresTokenCache()
            registry = try Registry.load(file: options.config, plugins: plugins)
        } catch {
            FileHandle.standardError.write(Data("SharedCacheLoad: \(error)\n".utf8))
            exit(1)
        }
        let broker = TokenBroker(registry: registry, logger: Logger(label: "sesame") { _ in WarningCollector(sink: warnings) })
        say("ready")
        _ = readLine()
        let go = Date()
        let provider = options.provider
        let results = await withTaskGroup(of: Result<Duration, any Error>.self, returning: [Result<Duration, any Error>].self) { group in
            for _ in 0..<options.callers {
                group.addTask {
                    let clock = ContinuousClock()
                    let start = clock.now
                    do {
                        _ = try await broker.token(for: provider)
                        return .success(clock.now - start)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var results: [Result<Duration, any Error>] = []
            for await result in group { results.append(result) }
            return results
        }
        let end = Date()
        var latencies: [Double] = []
        var errors: [String] = []
        for result in results {
            switch result {
            case .success(let duration): latencies.append(microseconds(duration))
            case .failure(let error): errors.append("\(error)")
            }
        }
        let report = LoadReport(
            goSeconds: go.timeIntervalSince1970, endSeconds: end.timeIntervalSince1970,
            latenciesMicroseconds: latencies, errors: errors, warnings: warnings.messages
        )
        await broker.shutdown()
        if let store = registry.tokenCache?.store as? PostgresTokenStore { await store.shutdown() }
        do {
            say(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("SharedCacheLoad: \(error)\n".utf8))
            exit(1)
        }
        exit(errors.isEmpty ? 0 : 1)
    }

    private static func microseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }

    /// Writes `line` to stdout at once (the harness waits for `ready`).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
