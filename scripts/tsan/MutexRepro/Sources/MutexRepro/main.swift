// Two tasks increment a Mutex-protected counter 100,000 times each: correct code, so TSan must stay
// silent. `MutexRepro race` also increments an unprotected counter: a real race TSan must report.
import Synchronization

final class Counters: @unchecked Sendable {
    let locked = Mutex<Int>(0)
    var unprotected = 0
}

let counters = Counters()
let racy = CommandLine.arguments.dropFirst().first == "race"
await withTaskGroup(of: Void.self) { group in
    for _ in 0..<2 {
        group.addTask {
            for _ in 0..<100_000 {
                counters.locked.withLock { $0 += 1 }
                if racy { counters.unprotected += 1 }
            }
        }
    }
}
let total = counters.locked.withLock { $0 }
print("locked count \(total) of 200000")
if total != 200_000 { fatalError("the Mutex lost increments") }
