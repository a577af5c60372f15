import FlowCore
import LinearAlgebra

/// The matched predecessors of every residual feature of R(L) (the `match` table, backward direction):
/// per position (res → R(L−1), mlp → M(L), att → A(L)) the candidates of ranks 1…`depth`, −1 where none is
/// stored, and a seeded random feature of the predecessor's SAE per (target, position) for the baseline.
public struct PredecessorTable: Sendable {
    /// The residual layer L.
    public let layer: Int
    /// Number of target features.
    public let featureCount: Int
    /// Ranks kept per (target, position).
    public let depth: Int
    /// `[HookSite: featureCount × depth]` candidate indices, −1 when absent.
    public private(set) var candidates: [HookSite: [Int32]]
    /// `[HookSite: featureCount]` random baseline features (−1 where the target has no predecessor there).
    public private(set) var random: [HookSite: [Int32]]

    /// The predecessors of layer `layer` from `rows` (backward match rows of that layer); `widths` are the
    /// predecessor SAEs' feature counts (a position without an SAE is left out); `seed` fixes the random
    /// baseline: feature `key(seed, layer, site, target) mod width`, moved on by one if it is the predecessor.
    public init(
        layer: Int, featureCount: Int, depth: Int = 5, rows: [MatchRow], widths: [HookSite: Int], seed: UInt64
    ) {
        self.layer = layer
        self.featureCount = featureCount
        self.depth = depth
        candidates = [:]
        random = [:]
        for (hookSite, _) in widths { candidates[hookSite] = [Int32](repeating: -1, count: featureCount * depth) }
        for row in rows where row.direction == .backward && row.rank >= 1 && row.rank <= depth {
            guard row.feature >= 0 && row.feature < featureCount, let width = widths[row.hookSite],
                row.candidate >= 0 && row.candidate < width
            else { continue }
            candidates[row.hookSite]![row.feature * depth + row.rank - 1] = Int32(row.candidate)
        }
        for (hookSite, width) in widths {
            var baseline = [Int32](repeating: -1, count: featureCount)
            let siteCode = UInt64(HookSite.allCases.firstIndex(of: hookSite) ?? 0)
            for feature in 0..<featureCount {
                let first = candidates[hookSite]![feature * depth]
                guard first >= 0 else { continue }
                let key = SplitMix64.key(seed, UInt64(layer), siteCode, UInt64(feature))
                var pick = Int32(key % UInt64(width))
                if pick == first && width > 1 { pick = (pick + 1) % Int32(width) }
                baseline[feature] = pick
            }
            random[hookSite] = baseline
        }
    }

    /// The rank-`rank` (1-based) predecessor of `feature` at `site`, or nil.
    public func candidate(_ feature: Int, hookSite: HookSite, rank: Int = 1) -> Int? {
        guard let list = candidates[hookSite], rank >= 1, rank <= depth else { return nil }
        let value = list[feature * depth + rank - 1]
        return value >= 0 ? Int(value) : nil
    }
}
