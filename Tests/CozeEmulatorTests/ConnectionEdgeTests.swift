import CozeEmulator
import Foundation
import SesameTestSupport
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The emulator's connection edge over real sockets: what the HTTP parser refuses, oversized and
/// stalled requests, pipelining, and a bound on connections.
@Suite("The emulator's connection edge", .timeLimit(.minutes(2)))
struct ConnectionEdgeTests {
    /// The fixture's configuration with short time-outs.
    static func configuration(maxConnections: Int = 1_024, idle: Duration = .seconds(1), request: Duration = .seconds(1)) throws -> CozeEmulatorConfiguration {
        var configuration = try Fixture.configuration()
        configuration.connectionLimits = EmulatorConnectionLimits(maxConnections: maxConnections, idleTimeout: idle, requestTimeout: request)
        return configuration
    }

    /// Checks a refusal: JSON `{error_code, error_message}`, an `X-Tt-Logid` that is also the body's.
    static func expectJSONRefusal(_ response: RawHTTPConnection.Response, status: Int, code: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == status, sourceLocation: sourceLocation)
        let body = try response.json()
        #expect(body["error_code"] as? String == code, "\(response.text)", sourceLocation: sourceLocation)
        #expect((body["error_message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        let logID = try #require(response.header("X-Tt-Logid"), sourceLocation: sourceLocation)
        #expect((body["detail"] as? [String: Any])?["logid"] as? String == logID, sourceLocation: sourceLocation)
        #expect(response.header("content-type")?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
    }

    @Test("a request the HTTP parser refuses gets JSON with X-Tt-Logid, then the connection closes", arguments: [
        "GARBAGE\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n",
        "POST /api/permission/oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    ])
    func malformed(request: String) async throws {
        try await withCozeEmulator(try Self.configuration()) { emulator in
            let connection = try RawHTTPConnection(port: emulator.port)
            let (response, closed) = try await offPool {
                connection.send(request)
                return (try connection.readResponse(), try connection.isClosedByServer())
            }
            try Self.expectJSONRefusal(response, status: 400, code: "invalid_request")
            #expect(closed)
            #expect(emulator.stats.rejections["invalid_request"] == 1)
        }
    }

    @Test("headers past the limit get a JSON 431")
    func oversizedHeaders() async throws {
        try await withCozeEmulator(try Self.configuration()) { emulator in
            let connection = try RawHTTPConnection(port: emulator.port)
            let request = "GET /__emulator/stats HTTP/1.1\r\nHost: x\r\nX-Padding: \(String(repeating: "a", count: 20_000))\r\n\r\n"
            let (response, closed) = try await offPool {
                connection.send(request)
                return (try connection.readResponse(), try connection.isClosedByServer())
            }
            try Self.expectJSONRefusal(response, status: 431, code: "invalid_request")
            #expect(closed)
        }
    }

    @Test("after a 413 the connection is closed, though the client has not sent the whole body")
    func closedAfter413() async throws {
        // Long time-outs: the connection must end because of the 413, not because it went idle while
        // a loaded machine verified the JWT.
        try await withCozeEmulator(try Self.configuration(idle: .seconds(60), request: .seconds(60))) { emulator in
            let connection = try RawHTTPConnection(port: emulator.port)
            let jwt = try Fixture.normalJWT()
            let (response, closed) = try await offPool {
                connection.send("POST \(Fixture.tokenPath) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(jwt)\r\nContent-Type: application/json\r\nContent-Length: 4194304\r\n\r\n")
                connection.send([UInt8](repeating: 0x20, count: (1 << 20) + 4096))
                return (try connection.readResponse(), try connection.isClosedByServer())
            }
            try Self.expectJSONRefusal(response, status: 413, code: "invalid_request")
            #expect(response.header("connection")?.lowercased() == "close")
            #expect(closed)
        }
    }

    @Test("a body that stops arriving gets a JSON 408 and the connection closes")
    func stalledBody() async throws {
        try await withCozeEmulator(try Self.configuration(idle: .seconds(60))) { emulator in
            let connection = try RawHTTPConnection(port: emulator.port)
            let (response, closed) = try await offPool {
                connection.send("POST \(Fixture.tokenPath) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"grant")
                return (try connection.readResponse(), try connection.isClosedByServer())
            }
            try Self.expectJSONRefusal(response, status: 408, code: "request_timeout")
            #expect(closed)
        }
    }

    @Test("pipelined requests are answered in order")
    func pipelined() async throws {
        try await withCozeEmulator(try Self.configuration()) { emulator in
            let connection = try RawHTTPConnection(port: emulator.port)
            let responses = try await offPool {
                connection.send(
                    "GET /__emulator/stats HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /no-such-route HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /v1/workspaces HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /__emulator/faults HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                )
                return try (0..<4).map { _ in try connection.readResponse() }
            }
            #expect(responses.map(\.status) == [200, 404, 401, 200])
            #expect(try responses[0].json()["requests"] as? Int == 1)
            #expect(try responses[3].json()["failFirst"] as? Int == 0)
            #expect(Set(responses.compactMap { $0.header("X-Tt-Logid") }).count == 4)
        }
    }

    @Test("3,000 stalled connections are cut off by the idle timeout, and a normal client is served meanwhile")
    func slowloris() async throws {
        try await withCozeEmulator(try Self.configuration(maxConnections: 4_096)) { emulator in
            let stalled = try await offPool {
                try (0..<3_000).map { index in
                    let connection = try RawHTTPConnection(port: emulator.port, timeout: 30)
                    // Half send a partial head, half nothing at all.
                    if index.isMultiple(of: 2) { connection.send("GET /__emulator/stats HTTP/1.1\r\nHost: x\r\n") }
                    return connection
                }
            }
            let answer = try await Fixture.get(emulator, path: "/__emulator/stats")
            #expect(answer.status == 200)
            let closed = try await offPool { try stalled.filter { try $0.isClosedByServer() }.count }
            #expect(closed == 3_000)
        }
    }

    @Test("connections beyond the bound wait until a held one is cut off")
    func connectionBound() async throws {
        try await withCozeEmulator(try Self.configuration(maxConnections: 8, idle: .seconds(2))) { emulator in
            let held = try await offPool { try (0..<8).map { _ in try RawHTTPConnection(port: emulator.port, timeout: 30) } }
            // Let the server accept all eight before the ninth arrives.
            try await Task.sleep(for: .milliseconds(300))
            let answer = try await Fixture.get(emulator, path: "/__emulator/stats")
            #expect(answer.status == 200)
            // The ninth was served only once the idle timeout had freed a place.
            let closedFirst = try await offPool {
                held.filter { connection in
                    var status = pollfd(fd: connection.descriptor, events: Int16(POLLIN), revents: 0)
                    return poll(&status, 1, 0) > 0
                }.count
            }
            #expect(closedFirst > 0)
        }
    }
}
