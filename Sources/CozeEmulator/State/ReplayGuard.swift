import Synchronization

/// Remembers the `jti` of every accepted JWT until the JWT has expired (plus leeway), so a replay is
/// refused while the JWT could still pass the time checks, and memory stays bounded by the JWTs alive.
final class ReplayGuard: Sendable {
    private struct State: Sendable {
        var used: Set<JTIDigest> = []
        var deadlines = ExpiryHeap<JTIDigest>()
    }

    private let state = Mutex(State())

    /// Records `jti` as used until `deadline` (Unix seconds); `false` when it was already used.
    /// Forgets every `jti` whose deadline is before `now` first.
    func use(_ jti: String, until deadline: Int, now: Int) -> Bool {
        let digest = JTIDigest(jti)
        return state.withLock { state in
            for expired in state.deadlines.popExpired(before: now) { state.used.remove(expired) }
            guard state.used.insert(digest).inserted else { return false }
            state.deadlines.insert(digest, deadline: deadline)
            return true
        }
    }

    /// How many `jti` values are remembered (for tests of the pruning).
    var count: Int { state.withLock { $0.used.count } }
}
