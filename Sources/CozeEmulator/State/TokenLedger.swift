import Synchronization

/// The access tokens issued and not yet expired, for the protected API to check bearer tokens.
final class TokenLedger: Sendable {
    /// What a token was issued for.
    struct Grant: Sendable, Equatable {
        let appID: String
        /// Unix seconds after which the token is refused.
        let expiresAt: Int
    }

    private struct State: Sendable {
        var grants: [IssuedTokenID: Grant] = [:]
        var deadlines = ExpiryHeap<IssuedTokenID>()
    }

    private let state = Mutex(State())

    /// Records `token`, forgetting tokens expired before `now`.
    func record(_ token: IssuedTokenID, grant: Grant, now: Int) {
        state.withLock { state in
            prune(&state, now: now)
            state.grants[token] = grant
            state.deadlines.insert(token, deadline: grant.expiresAt)
        }
    }

    /// The grant of `token` when it was issued here and has not expired at `now`.
    func grant(for token: String, now: Int) -> Grant? {
        let id = IssuedTokenID(token: token)
        return state.withLock { state in
            prune(&state, now: now)
            guard let id, let grant = state.grants[id], grant.expiresAt > now else { return nil }
            return grant
        }
    }

    /// Forgets every issued token, so that each is refused from now on although it has not expired
    /// (revocation as Coze users meet it: a token refused before its `expires_in`).
    ///
    /// - Returns: how many unexpired tokens were revoked.
    func revokeAll(now: Int) -> Int {
        state.withLock { state in
            prune(&state, now: now)
            let count = state.grants.count
            state = State()
            return count
        }
    }

    /// How many tokens are remembered (for tests of the pruning).
    var count: Int { state.withLock { $0.grants.count } }

    private func prune(_ state: inout State, now: Int) {
        for expired in state.deadlines.popExpired(before: now) { state.grants[expired] = nil }
    }
}
