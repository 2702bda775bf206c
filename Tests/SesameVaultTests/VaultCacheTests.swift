import Foundation
import Sesame
@testable import SesameVault
import Synchronization
import Testing

@Suite("The key store's cache: one unlock in flight, errors not cached")
struct VaultCacheTests {
    @Test("64 concurrent first reads, while a slow unlock is in flight, share it: one KDF call")
    func sharedUnlock() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let calls = Mutex(0)
            var configuration = fixture.configuration()
            // Slow enough that every reader arrives while the one unlock is still running.
            configuration.keyDerivation = fixture.counter.derivation.observed { _ in
                calls.withLock { $0 += 1 }
                usleep(300_000)
            }
            let store = SodiumVaultKeyStore(vault: Vault(path: fixture.path, configuration: configuration))
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<64 { group.addTask { try await store.secret(named: "a").revealedForTest } }
                for try await value in group { #expect(value == "opaque-secret-value-1234") }
            }
            #expect(calls.withLock { $0 } == 1)
        }
    }

    @Test("a caller cancelled while the shared unlock runs stops waiting at once; the unlock goes on for the others and is cached")
    func cancelledWaiterStops() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let started = Mutex(false)
            let unlocked = Mutex(false)
            // The unlock runs until the test lets it go (or 60 s pass): whether the cancelled caller
            // returned before depends on the cache alone, not on how loaded the machine is.
            let gate = DispatchSemaphore(value: 0)
            var configuration = fixture.configuration()
            configuration.keyDerivation = fixture.counter.derivation.observed { _ in
                started.withLock { $0 = true }
                _ = gate.wait(timeout: .now() + 60)
                unlocked.withLock { $0 = true }
            }
            let store = SodiumVaultKeyStore(vault: Vault(path: fixture.path, configuration: configuration))
            let patient = Task { try await store.secret(named: "a").revealedForTest }
            while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            let cancelled = Task { try await store.secret(named: "a").revealedForTest }
            try await Task.sleep(for: .milliseconds(100))
            cancelled.cancel()
            let outcome = await cancelled.result
            #expect(throws: CancellationError.self) { try outcome.get() }
            #expect(!unlocked.withLock { $0 }, "the cancelled caller stopped while the unlock was still running")
            gate.signal()
            #expect(try await patient.value == "opaque-secret-value-1234")
            let before = fixture.counter.count
            #expect(try await store.secret(named: "a").revealedForTest == "opaque-secret-value-1234")
            #expect(fixture.counter.count == before, "the unlock's result was cached")
        }
    }

    @Test("a failed unlock reaches every waiter and is not cached: the next read unlocks")
    func errorsNotCached() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let passphrase = Mutex<String?>(nil)
            var configuration = fixture.configuration()
            configuration.passphrase = PassphraseResolver(provider: { path in
                guard let value = passphrase.withLock({ $0 }) else { throw VaultError(.noPassphrase, "no passphrase for vault \(path) yet", path: path) }
                return SecretBytes(utf8: value)
            })
            let store = SodiumVaultKeyStore(vault: Vault(path: fixture.path, configuration: configuration))
            let before = fixture.counter.count
            let failures = await withTaskGroup(of: KeyStoreError.Code?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            _ = try await store.secret(named: "a")
                            return nil
                        } catch {
                            return (error as? KeyStoreError)?.code
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(failures == Array(repeating: .passphrase, count: 8))
            #expect(fixture.counter.count == before)
            passphrase.withLock { $0 = TestSecrets.passphrase }
            #expect(try await store.secret(named: "a").revealedForTest == "opaque-secret-value-1234")
            #expect(fixture.counter.count == before + 1)
        }
    }

    @Test("a write right after concurrent first reads reuses the shared unlock's key")
    func writeAfterReads() async throws {
        try await withVault { fixture in
            try fixture.createdWithEntry()
            let store = SodiumVaultKeyStore(vault: fixture.vault())
            let before = fixture.counter.count
            async let first = store.names()
            async let second = store.names()
            async let write: Void = store.store("value-b".secret, named: "b", replace: false)
            let (names1, names2, _) = try await (first, second, write)
            #expect(names1.contains("a") && names2.contains("a"))
            #expect(try await store.names() == ["a", "b"])
            // At most one unlock for the readers; the write runs with the key it cached (or runs the one KDF itself).
            #expect(fixture.counter.count - before <= 2)
        }
    }
}
