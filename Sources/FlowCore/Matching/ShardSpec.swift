/// `--shard i/N`: which of N deterministic slices of a matching run to compute (0-based, as Slurm's
/// `SLURM_ARRAY_TASK_ID` and Kubernetes' `JOB_COMPLETION_INDEX` count).
///
/// The work is cut into units of (residual layer, block of `blockRows` residual rows), in layer then
/// row order; slice i holds units ⌊i·U/N⌋ ..< ⌊(i+1)·U/N⌋ of the U units. Blocks are aligned to the
/// matcher's tiles, so every sgemm call of a slice is one the single run makes too and the merged
/// matches are bit-identical to a single run's.
public struct ShardSpec: Codable, Equatable, Sendable, CustomStringConvertible {
    /// i, 0-based.
    public var index: Int
    /// N ≥ 1.
    public var count: Int

    /// Slice `index` of `count`.
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/N` with 0 ≤ i < N; nil when malformed.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else {
            return nil
        }
        self.init(index: i, count: n)
    }

    /// `i/N`.
    public var description: String { "\(index)/\(count)" }

    /// One unit of work: residual rows `rows` of layer `layer`.
    public struct Unit: Codable, Equatable, Hashable, Sendable {
        /// The residual layer L.
        public var layer: Int
        /// Rows of R_L.
        public var rows: Range<Int>
    }

    /// Residual rows per unit for `options`: the smallest multiple of every tile size (exact and reduced
    /// products) that is at least 4096.
    public static func blockRows(_ options: MatchOptions) -> Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        func lcm(_ a: Int, _ b: Int) -> Int { a / gcd(a, b) * b }
        let reduced = ApproximateMatching.reducedTiles
        let step = [options.tileColumns, reduced.rows, reduced.columns].reduce(options.tileRows, lcm)
        return step * max(1, (4096 + step - 1) / step)
    }

    /// Every unit of a run over `plans` (layer order, then rows), blocks of `blockRows`.
    public static func units(plans: [LayerPlan], blockRows: Int) -> [Unit] {
        plans.sorted { $0.layer < $1.layer }.flatMap { plan in
            stride(from: 0, to: plan.residual.dSAE, by: blockRows).map {
                Unit(layer: plan.layer, rows: $0..<min(plan.residual.dSAE, $0 + blockRows))
            }
        }
    }

    /// This slice's share of `units`.
    public func slice(of units: [Unit]) -> [Unit] {
        Array(units[(index * units.count / count)..<((index + 1) * units.count / count)])
    }
}
