import LinearAlgebra

extension FeatureMatcher {
    /// Matches the residual row blocks `units` (a shard's slice), calling `output` once per unit with
    /// the block's matches (feature 0 of the result is row `unit.rows.lowerBound`).
    ///
    /// `computed` is the set of layers the equivalent single run computes: where it would take layer
    /// L's backward `res` matches from the columns of the product R_{L-1}·R_Lᵀ, so does this (on R_L's
    /// block of columns); every other comparison is the rows form on the block's rows. Blocks start at
    /// multiples of both tile sizes, so the sgemm calls (and hence the F32 cosines) are the single
    /// run's, bit for bit. Where consecutive units are whole layers, R_L·R_{L+1}ᵀ is shared between the forward
    /// matches of L and the backward matches of L+1 as in the single run (`FeatureMatcherLoop`); across a block
    /// boundary that costs one more product.
    public func runSlice(
        plans: [LayerPlan], computed: Set<Int>, units: [ShardSpec.Unit], progress: (MatchProgress) -> Void = { _ in },
        output: (LayerMatches, ShardSpec.Unit) throws -> Void
    ) throws {
        let loop = FeatureMatcherLoop(matcher: self, plans: plans, computed: computed, units: units)
        try loop.run(progress: progress, output: output)
    }
}
