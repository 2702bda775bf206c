import Foundation
import SesameCore
import SesameTestSupport
import Synchronization

/// The error ``FakeAuthProvider`` throws when told to fail; `call` says which exchange failed.
struct FakeExchangeError: Error, Equatable {
    let call: Int
}

/// An ``AuthProvider`` under the test's control: counts its exchanges, holds them at a ``Gate``,
/// fails on demand, and mints tokens `token-N` (N = the exchange's number) that expire after
/// `request.lifetime` seconds, else ``defaultLifetime``, by the injected clock.
final class FakeAuthProvider: AuthProvider {
    private struct State {
        var calls = 0
        var requests: [TokenRequest] = []
        var failing = false
        var cancelledExchanges = 0
        var nextWatcher: UInt64 = 0
        var watchers: [UInt64: (calls: Int, continuation: CheckedContinuation<Void, Never>)] = [:]
    }

    let clock: TestClock
    let gate = Gate()
    let defaultLifetime: TimeInterval
    private let honoursCancellation: Bool
    private let state = Mutex(State())

    init(clock: TestClock, defaultLifetime: TimeInterval = 900, honoursCancellation: Bool = true) {
        self.clock = clock
        self.defaultLifetime = defaultLifetime
        self.honoursCancellation = honoursCancellation
    }

    /// Exchanges started so far.
    var calls: Int { state.withLock { $0.calls } }
    /// The requests of every exchange, in order.
    var requests: [TokenRequest] { state.withLock { $0.requests } }
    /// Exchanges that saw their task cancelled.
    var cancelledExchanges: Int { state.withLock { $0.cancelledExchanges } }

    /// Makes exchanges started from now on fail (or succeed again).
    func setFailing(_ failing: Bool) {
        state.withLock { $0.failing = failing }
    }

    /// Returns once at least `count` exchanges have started, or when the waiting task is cancelled
    /// (a test's time limit), so that a broken cache fails the test instead of hanging it.
    func waitUntilCalled(times count: Int) async {
        let id = state.withLock { state in
            state.nextWatcher += 1
            return state.nextWatcher
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { state in
                    if state.calls >= count || Task.isCancelled { return true }
                    state.watchers[id] = (count, continuation)
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.watchers.removeValue(forKey: id) }?.continuation.resume()
        }
    }

    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        let (call, failing, ready) = state.withLock { state in
            state.calls += 1
            state.requests.append(request)
            let calls = state.calls
            let ready = state.watchers.filter { $0.value.calls <= calls }
            for id in ready.keys { state.watchers[id] = nil }
            return (calls, state.failing, ready.values.map(\.continuation))
        }
        for continuation in ready { continuation.resume() }
        if honoursCancellation {
            do {
                try await gate.pass()
            } catch {
                state.withLock { $0.cancelledExchanges += 1 }
                throw error
            }
        } else {
            await gate.passIgnoringCancellation()
        }
        if failing { throw FakeExchangeError(call: call) }
        let issued = clock.now
        let lifetime = request.lifetime.map(TimeInterval.init) ?? defaultLifetime
        return AccessToken(value: "token-\(call)", expiresAt: issued + lifetime, issuedAt: issued)
    }
}
