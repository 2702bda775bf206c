import Synchronization

/// The emulator's counters, updated from any thread.
final class StatsRecorder: Sendable {
    private let stats = Mutex(EmulatorStats())

    /// A copy of the counters.
    var snapshot: EmulatorStats { stats.withLock { $0 } }

    /// Counts an HTTP request, and a token request when `isTokenRequest`.
    func countRequest(isTokenRequest: Bool) {
        stats.withLock { stats in
            stats.requests += 1
            if isTokenRequest { stats.tokenRequests += 1 }
        }
    }

    /// Counts an issued token.
    func countIssued() {
        stats.withLock { $0.tokensIssued += 1 }
    }

    /// Counts a token request refused with `errorCode`.
    func countRejection(_ errorCode: String) {
        stats.withLock { $0.rejections[errorCode, default: 0] += 1 }
    }

    /// Counts a call to the protected API, and its refusal when `refused`.
    func countAPICall(refused: Bool) {
        stats.withLock { stats in
            stats.apiCalls += 1
            if refused { stats.apiRefusals += 1 }
        }
    }

    /// Counts tokens revoked before their expiry.
    func countRevoked(_ count: Int) {
        stats.withLock { $0.tokensRevoked += count }
    }

    /// Counts a token request whose connection was dropped.
    func countDropped() {
        stats.withLock { $0.connectionsDropped += 1 }
    }
}
