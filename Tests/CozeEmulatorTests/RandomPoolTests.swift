@testable import CozeEmulator
import Testing

@Suite("RandomPool: OpenSSL's random bytes, drawn in bulk")
struct RandomPoolTests {
    @Test("draws across many refills are all different, and none is the zeros a used slot is cleared to")
    func drawsDiffer() {
        let pool = RandomPool(refillSize: 64)
        let draws = (0..<500).map { _ in pool.bytes(24) }
        #expect(Set(draws).count == draws.count)
        #expect(!draws.contains([UInt8](repeating: 0, count: 24)))
        #expect(draws.allSatisfy { $0.count == 24 })
    }

    @Test("two threads drawing at once never get the same bytes")
    func concurrentDrawsDiffer() async {
        let pool = RandomPool(refillSize: 256)
        let draws = await withTaskGroup(of: [[UInt8]].self) { group in
            for _ in 0..<2 { group.addTask { (0..<2_000).map { _ in pool.bytes(16) } } }
            return await group.reduce(into: [[UInt8]]()) { $0 += $1 }
        }
        #expect(Set(draws).count == 4_000)
    }
}
