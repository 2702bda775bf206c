import CozeEmulator
import Foundation
import Logging
import Synchronization
import Testing

/// Collects every log line and its metadata as text.
final class LogCollector: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(collector: self) }
    }

    struct Handler: LogHandler {
        let collector: LogCollector
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            collector.append("\(event.message) \(merged)")
        }
    }
}

@Suite("The emulator never logs tokens or JWTs")
struct LoggingTests {
    @Test("log lines hold outcomes and log IDs, never the JWT, its signature or the access token")
    func noSecrets() async throws {
        let collector = LogCollector()
        let (jwt, token) = try await withCozeEmulator(try Fixture.configuration(), logger: collector.logger) { emulator in
            let jwt = try Fixture.normalJWT()
            let response = try await Fixture.requestToken(emulator, jwt: jwt)
            let token = try #require(try response.json()["access_token"] as? String)
            _ = try await Fixture.requestToken(emulator, jwt: jwt)
            _ = try await Fixture.get(emulator, path: "/v1/workspaces", bearer: token)
            return (jwt, token)
        }

        let lines = collector.all
        #expect(lines.contains { $0.contains("issued") })
        #expect(lines.contains { $0.contains("jti already used") })
        let signature = String(jwt.split(separator: ".")[2])
        for line in lines {
            #expect(!line.contains(jwt))
            #expect(!line.contains(signature))
            #expect(!line.contains(token))
            #expect(!line.contains(String(token.dropFirst(4))))
        }
    }
}
