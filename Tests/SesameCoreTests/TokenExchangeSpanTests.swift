import Foundation
import InMemoryTracing
import SesameCore
import SesameTestSupport
import Testing
import Tracing

@Suite("TokenExchange: one span per exchange")
struct TokenExchangeSpanTests {
    private static func run(_ outcomes: [ScriptedExchangeTransport.Outcome], tracer: InMemoryTracer) async throws -> String {
        let exchange = TokenExchange<SampleExchangeError>(
            provider: "acme", kind: "acme", transport: ScriptedExchangeTransport(outcomes),
            retry: RetryPolicy(maxAttempts: 3, sleep: { _ in }), logger: LogRecorder().logger,
            tracer: tracer, spanAttributes: ["acme.region": "eu"], requestIDHeader: "X-Log-Id"
        )
        return try await exchange.run { _ in
            HTTPTransportRequest(method: "POST", url: "https://auth.example.com/token", headers: [("Authorization", "Basic c2VjcmV0")])
        } response: { response in
            try SampleExchangeError.read(response, provider: "acme")
        }
    }

    private static func answer(_ status: Int, _ body: String = "", logID: String) -> ScriptedExchangeTransport.Outcome {
        .answer(HTTPTransportResponse(status: status, headers: [("X-Log-Id", logID)], body: Array(body.utf8)))
    }

    @Test("a successful exchange after a retry: provider, attempts, last status, request ID and the provider's attributes")
    func successSpan() async throws {
        let tracer = InMemoryTracer()
        #expect(try await Self.run([Self.answer(503, logID: "log-1"), Self.answer(200, "tok", logID: "log-2")], tracer: tracer) == "tok")
        let span = try #require(tracer.finishedSpans.first { $0.operationName == "sesame.token_exchange" })
        #expect(span.attributes["sesame.provider"]?.toSpanAttribute() == "acme")
        #expect(span.attributes["sesame.exchange"]?.toSpanAttribute() == "acme")
        #expect(span.attributes["sesame.attempts"]?.toSpanAttribute() == 2)
        #expect(span.attributes["http.response.status_code"]?.toSpanAttribute() == 200)
        #expect(span.attributes["sesame.request_id"]?.toSpanAttribute() == "log-2")
        #expect(span.attributes["acme.region"]?.toSpanAttribute() == "eu")
        #expect(span.status == nil)
    }

    @Test("a failed exchange is an error span with the error's classifications, and no secret")
    func failureSpan() async throws {
        let tracer = InMemoryTracer()
        await #expect(throws: SampleExchangeError.self) { try await Self.run([Self.answer(401, logID: "log-9")], tracer: tracer) }
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.status?.code == .error)
        #expect(span.attributes["sesame.attempts"]?.toSpanAttribute() == 1)
        #expect(span.attributes["sesame.request_id"]?.toSpanAttribute() == "log-9")
        var values: [String] = []
        span.attributes.forEach { _, value in values.append("\(value)") }
        #expect(!values.contains { $0.contains("c2VjcmV0") })
    }
}
