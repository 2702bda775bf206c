import Foundation
@testable import SesameVault
import Testing

@Suite("DataKey")
struct DataKeyTests {
    @Test("equal bytes compare equal, other bytes do not, in constant time")
    func equality() {
        let a = DataKey { $0.copyBytes(from: [UInt8](repeating: 7, count: DataKey.length)) }
        let b = DataKey { $0.copyBytes(from: [UInt8](repeating: 7, count: DataKey.length)) }
        let c = DataKey.random(.system)
        #expect(a.constantTimeEquals(b))
        #expect(b.constantTimeEquals(a))
        #expect(a.constantTimeEquals(a))
        #expect(!a.constantTimeEquals(c))
    }

    @Test("two threads comparing a with b and b with a do not deadlock")
    func noLockOrderDeadlock() async throws {
        let a = DataKey.random(.system)
        let b = DataKey.random(.system)
        let (finished, signal) = AsyncStream.makeStream(of: Void.self)
        for (left, right) in [(a, b), (b, a)] {
            Thread.detachNewThread {
                for _ in 0..<5_000 { _ = left.constantTimeEquals(right) }
                signal.yield()
            }
        }
        // A deadlock must fail the test, not hang the suite: the deadline is a liveness guard, far
        // above the time the loops take, and no thread of the pool waits for it.
        let completed = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var count = 0
                for await _ in finished {
                    count += 1
                    if count == 2 { return true }
                }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(120))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        #expect(completed, "the two comparing threads deadlocked")
    }
}
