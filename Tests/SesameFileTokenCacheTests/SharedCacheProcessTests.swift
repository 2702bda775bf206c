import CozeEmulator
import Foundation
import Sesame
import SesameTestSupport
import Testing

@Suite("file token cache across processes, against the emulator")
struct SharedCacheProcessTests {
    @Test("8 processes × 100 concurrent callers on a cold cache cause exactly one exchange; a second round none")
    func oneExchangeForEightProcesses() async throws {
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            for round in 1...2 {
                let outputs = try await SharedCacheHelper.runConcurrently(8, "callers", config: config, ["--callers", "100"])
                for output in outputs {
                    #expect(output.status == 0, "round \(round): \(output.lines) \(output.stderr)")
                    #expect(output.tokens?.count == 100)
                    #expect(output.warnings.isEmpty, "\(output.warnings)")
                }
                let digests = Set(outputs.compactMap { $0.tokens?.digest })
                #expect(digests.count == 1, "every caller of every process got the same token: \(digests)")
                #expect(!digests.contains("mixed"))
                #expect(emulator.stats.tokensIssued == 1, "round \(round)")
            }
            #expect(try fixture.entries().count == 1)
        }
    }

    @Test("a lock holder killed with SIGKILL mid-exchange does not hold the others: they get one token well within the bound")
    func killedLockHolder() async throws {
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let holder = try SharedCacheHelper.start("hold-lock", config: config)
            #expect(await holder.waitForLine("HELPER-LOCKED"))
            let waiting = try (0..<3).map { _ in try SharedCacheHelper.start("callers", config: config, ["--callers", "10"]) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(kill(holder.pid, SIGKILL) == 0)
            let killed = await holder.finish()
            #expect(killed.status == SIGKILL)
            var outputs: [SharedCacheHelper.Output] = []
            for helper in waiting { outputs.append(await helper.finish()) }
            for output in outputs {
                #expect(output.status == 0, "\(output.lines) \(output.stderr)")
                // A caller that waited out the lock timeout would have warned and minted its own.
                #expect(output.warnings.isEmpty, "the lock was released with the process, not timed out: \(output.warnings)")
            }
            #expect(Set(outputs.compactMap { $0.tokens?.digest }).count == 1)
            #expect(emulator.stats.tokensIssued == 1)
        }
    }

    @Test("a lock holder that hangs holds the others only for the lock timeout: then each mints its own and warns once")
    func hungLockHolder() async throws {
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let holder = try SharedCacheHelper.start("hold-lock", config: config)
            #expect(await holder.waitForLine("HELPER-LOCKED"))
            let started = ContinuousClock.now
            let attempt: Result<[SharedCacheHelper.Output], any Error>
            do {
                attempt = .success(try await SharedCacheHelper.runConcurrently(2, "callers", config: config, ["--callers", "20", "--lock-timeout-ms", "700"]))
            } catch {
                attempt = .failure(error)
            }
            let elapsed = ContinuousClock.now - started
            kill(holder.pid, SIGKILL)
            _ = await holder.finish()
            let outputs = try attempt.get()
            #expect(elapsed < .seconds(45), "bounded by the 0.7 s lock timeout, not by the holder's minute")
            for output in outputs {
                #expect(output.status == 0, "\(output.lines) \(output.stderr)")
                #expect(output.tokens?.count == 20)
                #expect(output.warnings.count == 1, "\(output.warnings)")
                #expect(output.warnings.first?.contains("held the token cache lock") == true)
                #expect(output.warnings.first?.contains("pid \(holder.pid)") == true)
            }
            #expect(emulator.stats.tokensIssued == 2)
        }
    }

    @Test("an entry written under another configuration is not served: a changed keyId makes a new exchange")
    func changedConfiguration() async throws {
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            try fixture.writeRegistry(baseURL: emulator.baseURL)
            let first = try await SharedCacheHelper.runConcurrently(1, "callers", config: fixture.directory.file("providers.json"))
            #expect(first.first?.status == 0)
            #expect(emulator.stats.tokensIssued == 1)

            let config = try fixture.writeRegistry(baseURL: emulator.baseURL, keyID: SharedCacheFixture.otherKeyID)
            let second = try await SharedCacheHelper.runConcurrently(1, "callers", config: config)
            #expect(second.first?.status == 0, "\(second.first?.lines ?? [])")
            #expect(emulator.stats.tokensIssued == 2)
            #expect(first.first?.tokens?.digest != second.first?.tokens?.digest)
            #expect(try fixture.entries().count == 2)

            _ = try await SharedCacheHelper.runConcurrently(1, "callers", config: config)
            #expect(emulator.stats.tokensIssued == 2)
        }
    }

    @Test("a revoked token is not read back from the file: broker.invalidate makes one new exchange, which other processes then share")
    func revokedToken() async throws {
        let fixture = try await SharedCacheFixture()
        try await withCozeEmulator(fixture.emulator()) { emulator in
            let config = try fixture.writeRegistry(baseURL: emulator.baseURL)
            let broker = TokenBroker(registry: try Registry.load(file: config))
            let revoked = try await broker.token(for: "coze-cn")
            #expect(emulator.emulator.revokeAllTokens() == 1)
            #expect(try await broker.invalidate("coze-cn", rejected: revoked))
            let renewed = try await broker.token(for: "coze-cn")
            #expect(renewed.value != revoked.value)
            #expect(emulator.stats.tokensIssued == 2)
            await broker.shutdown()

            let other = try await SharedCacheHelper.runConcurrently(1, "callers", config: config)
            #expect(other.first?.tokens?.digest == String(SHA256Digest.hex(of: Array(renewed.value.utf8)).prefix(16)))
            #expect(emulator.stats.tokensIssued == 2)
        }
    }
}
