import FlowCore
import SAEEncoding

/// The paper's activation groups and the co-activation counts of one residual layer L, accumulated token by
/// token from the codes of R(L) and of its predecessor SAEs R(L−1), M(L), A(L) (METHOD.md §6,
/// docs/evidence.md). Memory: a few arrays of the SAEs' widths.
public final class FlowAccumulator {
    /// The predecessors of the layer's residual features.
    public let table: PredecessorTable
    /// Events per group, with top-1 and with top-5 predecessors (indexed as `ActivationGroup.allCases`).
    public internal(set) var groups1 = [Int](repeating: 0, count: 8)
    public internal(set) var groups5 = [Int](repeating: 0, count: 8)
    /// Tokens each target is active on.
    public internal(set) var targetActive: [Int]
    /// Per site: tokens where target and its top-1 predecessor / its random feature are both active.
    public internal(set) var bothActive: [HookSite: [Int]] = [:]
    public internal(set) var randomBothActive: [HookSite: [Int]] = [:]
    /// Per predecessor SAE: the stamp of the token at which each feature was last seen active.
    private var stamps: [HookSite: [UInt32]] = [:]
    private var stamp: UInt32 = 0

    /// An empty accumulator for `table`, whose predecessor SAEs have `widths` features.
    public init(table: PredecessorTable, widths: [HookSite: Int]) {
        self.table = table
        targetActive = [Int](repeating: 0, count: table.featureCount)
        for (hookSite, width) in widths where table.candidates[hookSite] != nil {
            bothActive[hookSite] = [Int](repeating: 0, count: table.featureCount)
            randomBothActive[hookSite] = [Int](repeating: 0, count: table.featureCount)
            stamps[hookSite] = [UInt32](repeating: 0, count: width)
        }
    }

    /// Adds the tokens of a batch: `target` are R(L)'s codes, `predecessors` the codes of the predecessor
    /// SAEs on the same tokens (same row order).
    public func add(target: SparseCodes, predecessors: [HookSite: SparseCodes]) {
        let depth = table.depth
        let hookSites: [HookSite] = [.res, .mlp, .att]
        // Per site (res, mlp, att): codes, marks, candidates, baselines and counters as plain arrays.
        let present = hookSites.map { predecessors[$0] != nil && stamps[$0] != nil }
        let codes = hookSites.map { predecessors[$0] }
        var marks = hookSites.map { stamps[$0] ?? [] }
        let candidates = hookSites.map { table.candidates[$0] ?? [] }
        let baselines = hookSites.map { table.random[$0] ?? [] }
        var both = hookSites.map { bothActive[$0] ?? [] }
        var randomBoth = hookSites.map { randomBothActive[$0] ?? [] }
        stamps = [:]  // the local copies are the only references while counting
        bothActive = [:]
        randomBothActive = [:]
        for row in 0..<target.tokenCount {
            stamp &+= 1
            if stamp == 0 {  // wrapped: forget every old stamp
                for s in 0..<3 { marks[s] = marks[s].map { _ in 0 } }
                stamp = 1
            }
            for s in 0..<3 where present[s] {
                let c = codes[s]!
                for entry in c.rowStarts[row]..<c.rowStarts[row + 1] { marks[s][Int(c.indices[entry])] = stamp }
            }
            for entry in target.rowStarts[row]..<target.rowStarts[row + 1] {
                let feature = Int(target.indices[entry])
                targetActive[feature] += 1
                var top1 = 0
                var top5 = 0
                for s in 0..<3 where present[s] {
                    var any = false
                    for rank in 0..<depth {
                        let candidate = candidates[s][feature * depth + rank]
                        guard candidate >= 0, marks[s][Int(candidate)] == stamp else { continue }
                        any = true
                        if rank == 0 {
                            top1 |= 1 << s
                            both[s][feature] += 1
                        }
                    }
                    if any { top5 |= 1 << s }
                    let baseline = baselines[s][feature]
                    if baseline >= 0 && marks[s][Int(baseline)] == stamp { randomBoth[s][feature] += 1 }
                }
                groups1[Self.groupIndex[top1]] += 1
                groups5[Self.groupIndex[top5]] += 1
            }
        }
        for s in 0..<3 where present[s] || !both[s].isEmpty {
            if !marks[s].isEmpty { stamps[hookSites[s]] = marks[s] }
            if !both[s].isEmpty {
                bothActive[hookSites[s]] = both[s]
                randomBothActive[hookSites[s]] = randomBoth[s]
            }
        }
    }

    /// `ActivationGroup.allCases` index of each (res | mlp << 1 | att << 2) pattern.
    static let groupIndex: [Int] = (0..<8).map {
        index([$0 & 1 != 0, $0 & 2 != 0, $0 & 4 != 0])
    }

    /// `ActivationGroup.allCases` index of a (res, mlp, att) pattern.
    static func index(_ active: [Bool]) -> Int {
        let group = ActivationGroup(res: active[0], mlp: active[1], att: active[2])
        return ActivationGroup.allCases.firstIndex(of: group)!
    }

    /// The group rows (top-1 and top-5) of the layer.
    public func groupCounts() -> [GroupCount] {
        let layer = table.layer
        return ActivationGroup.allCases.enumerated().flatMap { index, group in
            [
                GroupCount(layer: layer, predecessors: 1, group: group, events: groups1[index]),
                GroupCount(layer: layer, predecessors: 5, group: group, events: groups5[index]),
            ]
        }
    }

    /// Co-activation rows of the targets that fired, at every position where they have a predecessor.
    public func coactivations() -> [Coactivation] {
        var rows: [Coactivation] = []
        for feature in 0..<table.featureCount where targetActive[feature] > 0 {
            for hookSite in [HookSite.res, .mlp, .att] {
                guard let both = bothActive[hookSite], let predecessor = table.candidate(feature, hookSite: hookSite)
                else {
                    continue
                }
                rows.append(
                    Coactivation(
                        layer: table.layer, feature: feature, hookSite: hookSite, predecessor: predecessor,
                        targetActive: targetActive[feature], bothActive: both[feature],
                        randomFeature: Int(table.random[hookSite]![feature]),
                        randomBothActive: randomBothActive[hookSite]![feature]))
            }
        }
        return rows
    }
}
