import Foundation
import SesameCore
import Synchronization

/// The error ``MemoryTokenStore`` throws when told to fail an operation: `code` is the cause.
struct StoreFault: Error, CustomStringConvertible {
    let code: String
    var description: String { "injected \(code) failure; fix: stop injecting it" }
}

/// A ``SharedTokenStore`` in memory, defined only for the core's tests (type `"memory"`): entries
/// by key digest, one lock per key across every provider using the store, and failures injected per
/// operation (`read`, `lock`, `slotRead`, `store`). Counts its operations.
final class MemoryTokenStore: SharedTokenStore, CustomStringConvertible {
    enum Operation: String, Hashable, Sendable { case read, lock, slotRead, store }

    private struct State {
        var entries: [String: AccessToken] = [:]
        var failing: Set<Operation> = []
        var counts: [Operation: Int] = [:]
        var locked: Set<String> = []
        /// Tokens the unlocked read does not see yet (another process stored them a moment ago).
        var hiddenFromUnlockedRead: Set<String> = []
    }

    private let state = Mutex(State())
    let label: String

    init(label: String = "in memory") {
        self.label = label
    }

    var description: String { label }

    func setFailing(_ operations: Set<Operation>) {
        state.withLock { $0.failing = operations }
    }

    func count(_ operation: Operation) -> Int {
        state.withLock { $0.counts[operation, default: 0] }
    }

    func put(_ token: AccessToken, for key: SharedTokenKey, visibleWithoutLock: Bool = true) {
        state.withLock { state in
            state.entries[key.digest] = token
            if !visibleWithoutLock { state.hiddenFromUnlockedRead.insert(key.digest) }
        }
    }

    func stored(for key: SharedTokenKey) -> AccessToken? {
        state.withLock { $0.entries[key.digest] }
    }

    var entryCount: Int { state.withLock { $0.entries.count } }

    private func perform(_ operation: Operation) throws {
        let failing = state.withLock { state in
            state.counts[operation, default: 0] += 1
            return state.failing.contains(operation)
        }
        if failing { throw StoreFault(code: operation.rawValue) }
    }

    func token(for key: SharedTokenKey) async throws -> AccessToken? {
        try perform(.read)
        return state.withLock { $0.hiddenFromUnlockedRead.contains(key.digest) ? nil : $0.entries[key.digest] }
    }

    func withLock<Result: Sendable>(
        on key: SharedTokenKey,
        timeout: Duration,
        _ body: (any SharedTokenSlot) async throws -> Result
    ) async throws -> Result {
        try perform(.lock)
        let deadline = ContinuousClock.now + timeout
        while !state.withLock({ $0.locked.insert(key.digest).inserted }) {
            guard ContinuousClock.now < deadline else { throw StoreFault(code: "lockTimeout") }
            try await Task.sleep(for: .milliseconds(10))
        }
        defer { _ = state.withLock { $0.locked.remove(key.digest) } }
        return try await body(Slot(store: self, digest: key.digest))
    }

    private struct Slot: SharedTokenSlot {
        let store: MemoryTokenStore
        let digest: String

        func token() async throws -> AccessToken? {
            try store.perform(.slotRead)
            return store.state.withLock { $0.entries[digest] }
        }

        func store(_ token: AccessToken) async throws {
            try store.perform(.store)
            store.state.withLock { state in
                state.entries[digest] = token
                state.hiddenFromUnlockedRead.remove(digest)
            }
        }
    }
}
