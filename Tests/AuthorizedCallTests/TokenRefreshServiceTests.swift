import CozeEmulator
import Foundation
import Logging
import Sesame
import SesameTestSupport
import ServiceLifecycle
import Testing

@Suite("TokenRefreshService keeps tokens warm in a service group")
struct TokenRefreshServiceTests {
    @Test("tokens are replaced before expiry, so callers over two token lifetimes never wait on an exchange")
    func noCallWaits() async throws {
        // 6-second tokens: refreshed inside their last 3 s, never served in their last 1.5 s.
        // Under a sanitizer every duration is stretched by the same factor (TestTimeScale).
        let scale = TestTimeScale.factor
        try await CozeAPIFixture.run(tokenLifetime: 6 * scale) { fixture in
            let cache = try fixture.broker.cache(for: "coze")
            let service = TokenRefreshService(broker: fixture.broker, providers: ["coze"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                while await cache.count == 0 { try await Task.sleep(for: .milliseconds(20)) }
                _ = try await fixture.broker.token(for: "coze")
                let waitsBefore = await cache.statistics.waits
                var served = Set<String>()
                for _ in 0..<70 {
                    served.insert(try await fixture.broker.token(for: "coze").value)
                    try await Task.sleep(for: .milliseconds(200 * scale))
                }
                #expect(await cache.statistics.waits == waitsBefore, "a caller waited on an exchange")
                #expect(served.count >= 2, "the token was never replaced")
                #expect(fixture.emulator.stats.tokensIssued >= 3)
                group.cancelAll()
            }
        }
    }

    @Test("a failing token endpoint is reported and retried without ending the group; the service recovers by itself")
    func failuresAreReportedNotFatal() async throws {
        try await CozeAPIFixture.run { fixture in
            var faults = EmulatorFaults()
            faults.failFirst = 2
            fixture.emulator.setFaults(faults)
            let logs = LogRecorder()
            let service = TokenRefreshService(broker: fixture.broker, targets: [.init(provider: "coze")], logger: logs.logger)
            let group = ServiceGroup(services: [service], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                await logs.waitFor(2) { $0.level == .warning }
                let cache = try fixture.broker.cache(for: "coze")
                while await cache.count == 0 || fixture.emulator.stats.tokensIssued == 0 { try await Task.sleep(for: .milliseconds(50)) }
                #expect(logs.lines.filter { $0.level == .warning }.allSatisfy { $0.metadata["target"] == "coze" })
                await group.triggerGracefulShutdown()
                try await tasks.next()
            }
            #expect(fixture.emulator.stats.tokensIssued == 1)
            #expect(fixture.emulator.stats.rejections["internal_error"] == 2)
        }
    }

    @Test("graceful shutdown stops the service at once, even in the middle of a long wait")
    func gracefulShutdownReturns() async throws {
        try await CozeAPIFixture.run { fixture in
            let service = TokenRefreshService(broker: fixture.broker, providers: ["coze"])
            let group = ServiceGroup(services: [service], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                while fixture.emulator.stats.tokensIssued == 0 { try await Task.sleep(for: .milliseconds(20)) }
                await group.triggerGracefulShutdown()
                try await tasks.next()
            }
        }
    }

    @Test("a target naming an unknown provider fails at start with the registry's error")
    func unknownProviderFailsAtStart() async throws {
        try await CozeAPIFixture.run { fixture in
            let service = TokenRefreshService(broker: fixture.broker, providers: ["coze-cm"])
            await #expect(throws: RegistryError.self) { try await service.run() }
        }
    }
}
