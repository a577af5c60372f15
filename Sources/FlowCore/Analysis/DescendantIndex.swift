/// The inverse of the backward top-1 map: for each residual feature of R_L, the features of R_{L+1}
/// whose best R_L predecessor it is (METHOD.md §2 decision: descendants form a tree).
public struct DescendantIndex: Sendable {
    /// Per layer L: CSR offsets (count + 1) into `children`, indexed by R_L feature.
    private var offsets: [Int: [Int32]] = [:]
    /// Per layer L: R_{L+1} feature indices grouped by their R_L parent, ascending within a parent.
    private var children: [Int: [Int32]] = [:]

    /// Builds the index for every layer pair of `table`.
    public init(table: ScoreTable) {
        for scores in table.layers {
            guard let next = table[scores.layer + 1], let parents = next.res else { continue }
            var counts = Array(repeating: Int32(0), count: scores.count + 1)
            for parent in parents.candidates where parent >= 0 && Int(parent) < scores.count {
                counts[Int(parent) + 1] += 1
            }
            for i in 0..<scores.count { counts[i + 1] += counts[i] }
            var fill = counts
            var list = Array(repeating: Int32(0), count: Int(counts[scores.count]))
            for (child, parent) in parents.candidates.enumerated() where parent >= 0 && Int(parent) < scores.count {
                list[Int(fill[Int(parent)])] = Int32(child)
                fill[Int(parent)] += 1
            }
            offsets[scores.layer] = counts
            children[scores.layer] = list
        }
    }

    /// R_{L+1} features whose best R_L predecessor is `feature`, ascending.
    public func descendants(of feature: FeatureID) -> [Int] {
        guard let offsets = offsets[feature.layer], let list = children[feature.layer],
            feature.index + 1 < offsets.count
        else { return [] }
        return list[Int(offsets[feature.index])..<Int(offsets[feature.index + 1])].map(Int.init)
    }
}
