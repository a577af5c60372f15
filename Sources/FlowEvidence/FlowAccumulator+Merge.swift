import FlowCore

extension FlowAccumulator {
    /// Adds the counts of `other` (the same layer and predecessor table, other tokens): every count adds.
    public func absorb(_ other: FlowAccumulator) {
        for i in 0..<8 {
            groups1[i] += other.groups1[i]
            groups5[i] += other.groups5[i]
        }
        for f in targetActive.indices { targetActive[f] += other.targetActive[f] }
        for (hookSite, counts) in other.bothActive {
            guard var mine = bothActive[hookSite], mine.count == counts.count else { continue }
            for f in mine.indices { mine[f] += counts[f] }
            bothActive[hookSite] = mine
        }
        for (hookSite, counts) in other.randomBothActive {
            guard var mine = randomBothActive[hookSite], mine.count == counts.count else { continue }
            for f in mine.indices { mine[f] += counts[f] }
            randomBothActive[hookSite] = mine
        }
    }

    /// The counts a partial stores, by name (`groups1`, `groups5`, `target`, `both.<site>`, `random.<site>`).
    var partialColumns: [String: [Int]] {
        var columns = ["groups1": groups1, "groups5": groups5, "target": targetActive]
        for (hookSite, counts) in bothActive { columns["both.\(hookSite.rawValue)"] = counts }
        for (hookSite, counts) in randomBothActive { columns["random.\(hookSite.rawValue)"] = counts }
        return columns
    }

    /// Restores counts written by `partialColumns`; false when a column is missing or has the wrong length.
    func restore(_ columns: [String: [Int]]) -> Bool {
        guard let g1 = columns["groups1"], let g5 = columns["groups5"], let target = columns["target"],
            g1.count == 8, g5.count == 8, target.count == targetActive.count
        else { return false }
        groups1 = g1
        groups5 = g5
        targetActive = target
        for hookSite in Array(bothActive.keys) {
            guard let both = columns["both.\(hookSite.rawValue)"], let random = columns["random.\(hookSite.rawValue)"],
                both.count == targetActive.count, random.count == targetActive.count
            else { return false }
            bothActive[hookSite] = both
            randomBothActive[hookSite] = random
        }
        return true
    }
}
