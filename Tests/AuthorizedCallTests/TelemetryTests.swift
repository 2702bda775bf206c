import AsyncHTTPClient
import CozeEmulator
import Foundation
import InMemoryTracing
import MetricsTestKit
import Sesame
import SesameTestSupport
import Testing
import Tracing

@Suite("Metrics and spans of exchanges and authorised calls, with in-memory backends")
struct TelemetryTests {
    @Test("a revoked token shows as one retry, two exchanges and a two-attempt span, and no label or attribute holds a secret")
    func retryIsObservable() async throws {
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        try await CozeAPIFixture.run(metrics: metrics, tracer: tracer) { fixture in
            let authorizer = try TokenAuthorizer(broker: fixture.broker, provider: "coze", metrics: metrics, tracer: tracer)
            let client = AuthorizedHTTPClient(authorizer: authorizer)
            _ = try await client.execute(HTTPClientRequest(url: fixture.workspacesURL), timeout: .seconds(30))
            let revoked = try await fixture.broker.token(for: "coze")
            fixture.emulator.emulator.revokeAllTokens()
            _ = try await client.execute(HTTPClientRequest(url: fixture.workspacesURL), timeout: .seconds(30))
            let current = try await fixture.broker.token(for: "coze")

            let provider = [("provider", "coze")]
            #expect(metrics.counterTotal(label: MetricName.authorizedCallRetries, dimensions: provider) == 1)
            #expect(metrics.counterTotal(label: MetricName.authorizedCallRefusals, dimensions: provider) == 0)
            #expect(metrics.counterTotal(label: MetricName.exchanges, dimensions: provider + [("outcome", "success")]) == 2)
            #expect(metrics.counterTotal(label: MetricName.cacheMisses, dimensions: provider) == 2)
            #expect(metrics.counterTotal(label: MetricName.cacheHits, dimensions: provider) >= 2)
            #expect(try metrics.expectTimer(MetricName.exchangeDuration, provider).values.count == 2)
            let expiresIn = try #require(try metrics.expectGauge(MetricName.secondsUntilExpiry, provider).lastValue)
            #expect(expiresIn > 800 && expiresIn <= 900)

            let calls = tracer.finishedSpans.filter { $0.operationName == "sesame.authorized_call" }
            #expect(calls.count == 2)
            let retried = try #require(calls.last)
            #expect(retried.attributes["sesame.provider"]?.toSpanAttribute() == "coze")
            #expect(retried.attributes["sesame.attempts"]?.toSpanAttribute() == 2)
            #expect(retried.attributes["coze.region"]?.toSpanAttribute() == "cn")
            #expect(retried.attributes["sesame.request_id"] != nil)
            #expect(retried.events.map(\.name) == ["sesame.token_refused"])

            let exchanges = tracer.finishedSpans.filter { $0.operationName == "sesame.token_exchange" }
            #expect(exchanges.count == 2)
            for exchange in exchanges {
                #expect(exchange.attributes["sesame.provider"]?.toSpanAttribute() == "coze")
                #expect(exchange.attributes["sesame.exchange"]?.toSpanAttribute() == "coze")
                #expect(exchange.attributes["coze.region"]?.toSpanAttribute() == "cn")
                #expect(exchange.attributes["sesame.attempts"]?.toSpanAttribute() == 1)
                #expect(exchange.attributes["http.response.status_code"]?.toSpanAttribute() == 200)
                #expect(exchange.attributes["sesame.request_id"] != nil)
            }
            // The exchange that replaced the refused token ran inside the call that was refused.
            #expect(exchanges.last?.spanContext.parentSpanID == retried.spanID)

            let secrets = [revoked.value, current.value]
            var exported: [String] = []
            for counter in metrics.counters { exported += counter.dimensions.flatMap { [$0.0, $0.1] } + [counter.label] }
            for span in tracer.finishedSpans {
                span.attributes.forEach { key, value in exported += [key, "\(value)"] }
            }
            for value in exported {
                #expect(!secrets.contains { value.contains($0) }, "\(value) holds a token")
                #expect(!value.hasPrefix("eyJ"), "\(value) looks like a JWT")
            }
        }
    }
}
