import Foundation

/// The tokens a ``TokenCache`` can serve without entering its actor, kept under a `Mutex`.
///
/// The actor stays the only writer of tokens: it publishes a slot whenever a request's token changes.
/// A reader takes a slot's token only while it is usable and not yet due for a refresh-ahead; every
/// other case (no token, due, expired) goes to the actor, which keeps single flight and refresh-ahead.
struct ServedTokens {
    /// One request's servable token and the instants that bound serving it from here.
    struct Slot {
        var token: AccessToken
        /// The end of the token's usable time (expiry less the margin).
        var usableUntil: Date
        /// When a call should start a refresh-ahead; `nil` while one is already running.
        var refreshFrom: Date?
        /// The use stamp of the last call that was served this token (for least-recently-used eviction).
        var lastUsed: UInt64
    }

    private var slots: [TokenRequest: Slot] = [:]
    /// Calls answered with a cached token, by the actor or by a reader.
    private(set) var hits = 0
    /// The last use stamp handed out; stamps order uses for eviction.
    private var clock: UInt64 = 0

    /// The token to serve for `request` at `time` without the actor, counting the hit; `nil` when the
    /// actor must decide.
    mutating func serve(_ request: TokenRequest, at time: Date) -> AccessToken? {
        guard let index = slots.index(forKey: request) else { return nil }
        let slot = slots.values[index]
        guard time < slot.usableUntil else { return nil }
        if let refreshFrom = slot.refreshFrom, time >= refreshFrom { return nil }
        clock &+= 1
        slots.values[index].lastUsed = clock
        hits += 1
        return slot.token
    }

    /// Counts a hit the actor answered.
    mutating func countHit() {
        hits += 1
    }

    /// A new use stamp for `request`, recorded in its slot when it has one.
    mutating func stamp(_ request: TokenRequest) -> UInt64 {
        clock &+= 1
        if let index = slots.index(forKey: request) { slots.values[index].lastUsed = clock }
        return clock
    }

    /// The latest use stamp of `request`'s slot, if it has one.
    func lastUsed(_ request: TokenRequest) -> UInt64? {
        slots[request]?.lastUsed
    }

    /// Replaces `request`'s slot (`nil` removes it), keeping the later of the two use stamps.
    mutating func publish(_ request: TokenRequest, _ slot: Slot?) {
        guard var slot else {
            slots[request] = nil
            return
        }
        if let previous = slots[request]?.lastUsed, previous > slot.lastUsed { slot.lastUsed = previous }
        slots[request] = slot
    }

    /// Removes every slot.
    mutating func removeAll() {
        slots.removeAll()
    }
}
