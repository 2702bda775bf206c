import Foundation
import SesameCore
import SesameTestSupport
import Testing

@Suite("TokenExchange: one exchange loop for every provider")
struct TokenExchangeTests {
    private static let url = "https://auth.example.com/oauth/token"

    private static func exchange(
        _ transport: ScriptedExchangeTransport,
        maxAttempts: Int = 3,
        waits: WaitLog = WaitLog(),
        logs: LogRecorder = LogRecorder(),
        metadata: [String: String] = [:]
    ) -> TokenExchange<SampleExchangeError> {
        let retry = RetryPolicy(maxAttempts: maxAttempts, sleep: waits.sleep)
        return TokenExchange(provider: "acme", kind: "acme", transport: transport, retry: retry, logger: logs.logger, metadata: metadata)
    }

    private static func answer(_ status: Int, _ body: String = "", headers: [(name: String, value: String)] = []) -> ScriptedExchangeTransport.Outcome {
        .answer(HTTPTransportResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    /// Runs `exchange`, building attempt N's request with the header `X-Attempt: N`.
    private static func run(_ exchange: TokenExchange<SampleExchangeError>, url: String = url) async throws -> String {
        try await exchange.run { attempt in
            HTTPTransportRequest(method: "POST", url: url, headers: [("X-Attempt", "\(attempt)")])
        } response: { response in
            try SampleExchangeError.read(response, provider: "acme")
        }
    }

    @Test("each attempt sends a request built for it, and a later success is returned")
    func freshRequestPerAttempt() async throws {
        let transport = ScriptedExchangeTransport([Self.answer(503), Self.answer(500), Self.answer(200, "tok")])
        let value = try await Self.run(Self.exchange(transport))
        #expect(value == "tok")
        #expect(transport.requests.map { $0.headers.first?.value } == ["1", "2", "3"])
    }

    @Test("after the last attempt the error notes the count and keeps every other field")
    func gaveUpKeepsEveryField() async throws {
        let transport = ScriptedExchangeTransport([Self.answer(503, headers: [("X-Log-Id", "log-42"), ("Retry-After", "1")])])
        let error = try await #require(throws: SampleExchangeError.self) { try await Self.run(Self.exchange(transport)) }
        #expect(error.attempts == 3)
        #expect(error.message == "acme: the server answered HTTP 503 (gave up after 3 attempts)")
        #expect(error.code == .serverError)
        #expect(error.httpStatus == 503)
        #expect(error.logID == "log-42")
        #expect(error.retryAfter == .seconds(1))
        #expect(transport.requests.count == 3)
    }

    @Test("a final error ends the exchange at once: one attempt, no suffix")
    func finalErrorIsNotRetried() async throws {
        let transport = ScriptedExchangeTransport([Self.answer(401)])
        let waits = WaitLog()
        let error = try await #require(throws: SampleExchangeError.self) { try await Self.run(Self.exchange(transport, waits: waits)) }
        #expect(error.code == .refused)
        #expect(error.attempts == 1)
        #expect(error.message == "acme: the server answered HTTP 401")
        #expect(transport.requests.count == 1)
        #expect(waits.waits.isEmpty)
    }

    @Test("the wait before a retry honours the error's Retry-After")
    func honoursRetryAfter() async throws {
        let transport = ScriptedExchangeTransport([Self.answer(503, headers: [("Retry-After", "7")]), Self.answer(200, "tok")])
        let waits = WaitLog()
        _ = try await Self.run(Self.exchange(transport, waits: waits))
        #expect(waits.waits.count == 1)
        #expect(try #require(waits.waits.first) >= .seconds(7))
    }

    @Test("a transient transport failure is retried and wrapped into the provider's error with its URL")
    func transientTransportFailure() async throws {
        let refused = HTTPTransportError(.connectionFailed, "cannot reach https://auth.example.com: connection refused")
        let transport = ScriptedExchangeTransport([.failure(refused)])
        let error = try await #require(throws: SampleExchangeError.self) { try await Self.run(Self.exchange(transport, maxAttempts: 2)) }
        #expect(error.code == .unreachable)
        #expect(error.attempts == 2)
        #expect(error.message == "acme: cannot reach https://auth.example.com: connection refused (url \(Self.url)) (gave up after 2 attempts)")
        #expect((error.underlying as? HTTPTransportError)?.code == .connectionFailed)
        #expect(transport.requests.count == 2)
    }

    @Test("a permanent transport failure (an invalid URL) is wrapped and not retried")
    func permanentTransportFailure() async throws {
        let transport = ScriptedExchangeTransport([.failure(HTTPTransportError(.invalidURL, "invalid URL for nowhere"))])
        let error = try await #require(throws: SampleExchangeError.self) { try await Self.run(Self.exchange(transport)) }
        #expect(error.code == .unreachable)
        #expect(error.attempts == 1)
        #expect((error.underlying as? HTTPTransportError)?.code == .invalidURL)
        #expect(transport.requests.count == 1)
    }

    @Test("an error that is not the provider's passes through unchanged, without a retry")
    func foreignErrorPassesThrough() async throws {
        struct SigningFailed: Error {}
        let transport = ScriptedExchangeTransport([Self.answer(200, "tok")])
        await #expect(throws: SigningFailed.self) {
            try await Self.exchange(transport).run { _ -> HTTPTransportRequest in throw SigningFailed() } response: { _ in "" }
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("one debug line per attempt and one on failure, with provider, attempt, endpoint and codes, and no secret")
    func logLines() async throws {
        let secret = "s3cret-Value-9"
        let logs = LogRecorder()
        let transport = ScriptedExchangeTransport([Self.answer(502, "upstream said \(secret)", headers: [("X-Log-Id", "log-7")])])
        let exchange = Self.exchange(transport, maxAttempts: 2, logs: logs, metadata: ["auth": "basic"])
        let error = try await #require(throws: SampleExchangeError.self) {
            try await exchange.run { _ in
                HTTPTransportRequest(
                    method: "POST",
                    url: "https://client:\(secret)@auth.example.com/oauth/token?key=\(secret)#\(secret)",
                    headers: [("Authorization", "Bearer \(secret)")],
                    body: Array("client_secret=\(secret)".utf8)
                )
            } response: { response in
                try SampleExchangeError.read(response, provider: "acme")
            }
        }
        #expect(error.attempts == 2)
        let lines = logs.lines
        #expect(lines.map(\.message) == ["acme token exchange", "acme token exchange", "acme token exchange failed"])
        #expect(lines.allSatisfy { $0.level == .debug })
        #expect(lines.map { $0.metadata["attempt"] } == ["1", "2", nil])
        #expect(lines.allSatisfy { $0.metadata["provider"] == "acme" && $0.metadata["auth"] == "basic" })
        #expect(lines[0].metadata["url"] == "https://auth.example.com/oauth/token")
        let failure = try #require(lines.last).metadata
        #expect(failure["attempts"] == "2")
        #expect(failure["code"] == "serverError")
        #expect(failure["status"] == "502")
        #expect(failure["logid"] == "log-7")
        for line in lines {
            #expect(!line.text.contains(secret), "a log line shows the secret: \(line.text)")
            #expect(!line.text.contains("client:"), "a log line shows the URL's user information: \(line.text)")
        }
    }

    @Test("secret(_:) hands the store's bytes over, and wraps a store's failure with the reference")
    func secretReading() async throws {
        let exchange = Self.exchange(ScriptedExchangeTransport([Self.answer(200)]))
        let readable = KeyReference(storeName: "mem", name: "client", store: MemoryStore(name: "mem", path: nil, prefix: nil))
        let secret = try await exchange.secret(readable)
        #expect(secret.withUnsafeBytes { Array($0) } == Array("secret-of-client".utf8))

        let unreadable = KeyReference(storeName: "vault", name: "client", store: UnreadableStore())
        let error = try await #require(throws: SampleExchangeError.self) { try await exchange.secret(unreadable) }
        #expect(error.code == .secretUnavailable)
        #expect(error.message == "acme: cannot read vault:client: no key \"client\" in this store; add it")
        #expect((error.underlying as? KeyStoreError)?.code == .notFound)
    }
}
