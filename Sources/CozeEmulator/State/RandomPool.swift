import SesameJOSE
import Synchronization

/// Random bytes from OpenSSL's generator, drawn a few kilobytes at a time for the emulator's tokens.
///
/// OpenSSL 3's `RAND_bytes` costs about 4 µs a call whatever the length (it finds the generator
/// through the library context and its locks), as much as the rest of a token's bookkeeping; one call
/// now serves 128 tokens. Bytes handed out are cleared from the pool. A forked child would repeat the
/// parent's pending bytes, so the pool belongs in a server process, not in the library.
final class RandomPool: Sendable {
    private struct State: Sendable {
        var bytes: [UInt8] = []
        var next = 0
    }

    private let refillSize: Int
    private let state = Mutex(State())

    /// A pool that draws `refillSize` bytes when it runs out.
    init(refillSize: Int = 4096) {
        self.refillSize = refillSize
    }

    /// `count` random bytes (at most the refill size).
    func bytes(_ count: Int) -> [UInt8] {
        precondition(count <= refillSize, "RandomPool: asked for \(count) bytes, more than a refill (\(refillSize))")
        return state.withLock { state in
            if state.bytes.count - state.next < count {
                state.bytes = SecureRandom.bytes(refillSize)
                state.next = 0
            }
            let range = state.next..<(state.next + count)
            let taken = Array(state.bytes[range])
            state.bytes.replaceSubrange(range, with: repeatElement(0, count: count))
            state.next += count
            return taken
        }
    }
}
