/// Keys ordered by deadline (a binary min-heap), so expired entries are found in O(log n) each.
struct ExpiryHeap<Key: Sendable>: Sendable {
    private var entries: [(deadline: Int, key: Key)] = []

    var count: Int { entries.count }

    mutating func insert(_ key: Key, deadline: Int) {
        entries.append((deadline, key))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns every key whose deadline is before `now`.
    mutating func popExpired(before now: Int) -> [Key] {
        var expired: [Key] = []
        while let first = entries.first, first.deadline < now {
            expired.append(first.key)
            removeFirst()
        }
        return expired
    }

    private mutating func removeFirst() {
        entries.swapAt(0, entries.count - 1)
        entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count, entries[right].deadline < entries[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
