import FlowCore
import SAEEncoding

/// The paper's activation groups and the co-activation counts of one residual layer L, accumulated token by
/// token from the codes of R(L) and of its predecessor SAEs R(L−1), M(L), A(L) (METHOD.md §6,
/// docs/evidence.md). Memory: a few arrays of the SAEs' widths.
public final class FlowAccumulator {
    /// The predecessors of the layer's residual features.
    public let table: PredecessorTable
    /// Events per group, with top-1 and with top-5 predecessors (indexed as `ActivationGroup.allCases`).
    public private(set) var groups1 = [Int](repeating: 0, count: 8)
    public private(set) var groups5 = [Int](repeating: 0, count: 8)
    /// Tokens each target is active on.
    public private(set) var targetActive: [Int]
    /// Per site: tokens where target and its top-1 predecessor / its random feature are both active.
    public private(set) var bothActive: [Site: [Int]] = [:]
    public private(set) var randomBothActive: [Site: [Int]] = [:]
    /// Per predecessor SAE: the stamp of the token at which each feature was last seen active.
    private var stamps: [Site: [UInt32]] = [:]
    private var stamp: UInt32 = 0

    /// An empty accumulator for `table`, whose predecessor SAEs have `widths` features.
    public init(table: PredecessorTable, widths: [Site: Int]) {
        self.table = table
        targetActive = [Int](repeating: 0, count: table.featureCount)
        for (site, width) in widths where table.candidates[site] != nil {
            bothActive[site] = [Int](repeating: 0, count: table.featureCount)
            randomBothActive[site] = [Int](repeating: 0, count: table.featureCount)
            stamps[site] = [UInt32](repeating: 0, count: width)
        }
    }

    /// Adds the tokens of a batch: `target` are R(L)'s codes, `predecessors` the codes of the predecessor
    /// SAEs on the same tokens (same row order).
    public func add(target: SparseCodes, predecessors: [Site: SparseCodes]) {
        let depth = table.depth
        let sites: [Site] = [.res, .mlp, .att]
        for row in 0..<target.tokenCount {
            stamp &+= 1
            if stamp == 0 {  // wrapped: forget every old stamp
                for site in stamps.keys { stamps[site] = stamps[site]!.map { _ in 0 } }
                stamp = 1
            }
            for site in sites {
                guard let codes = predecessors[site], stamps[site] != nil else { continue }
                for entry in codes.rowStarts[row]..<codes.rowStarts[row + 1] {
                    stamps[site]![Int(codes.indices[entry])] = stamp
                }
            }
            for entry in target.rowStarts[row]..<target.rowStarts[row + 1] {
                let feature = Int(target.indices[entry])
                targetActive[feature] += 1
                var top1 = [false, false, false]
                var top5 = [false, false, false]
                for (s, site) in sites.enumerated() {
                    guard let marks = stamps[site], let list = table.candidates[site] else { continue }
                    for rank in 0..<depth {
                        let candidate = list[feature * depth + rank]
                        guard candidate >= 0, marks[Int(candidate)] == stamp else { continue }
                        top5[s] = true
                        if rank == 0 { top1[s] = true }
                    }
                    if top1[s] { bothActive[site]![feature] += 1 }
                    let baseline = table.random[site]![feature]
                    if baseline >= 0 && marks[Int(baseline)] == stamp { randomBothActive[site]![feature] += 1 }
                }
                groups1[Self.index(top1)] += 1
                groups5[Self.index(top5)] += 1
            }
        }
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
            for site in [Site.res, .mlp, .att] {
                guard let both = bothActive[site], let predecessor = table.candidate(feature, site: site) else {
                    continue
                }
                rows.append(
                    Coactivation(
                        layer: table.layer, feature: feature, site: site, predecessor: predecessor,
                        targetActive: targetActive[feature], bothActive: both[feature],
                        randomFeature: Int(table.random[site]![feature]),
                        randomBothActive: randomBothActive[site]![feature]))
            }
        }
        return rows
    }
}
