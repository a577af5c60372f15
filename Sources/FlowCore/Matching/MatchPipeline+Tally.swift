extension MatchPipeline {
    /// What a run's results add up to: warnings (in the order met), operations and the self-audit.
    struct Tally {
        /// Warnings so far (repeats are removed when the run is recorded).
        var warnings: [String]
        /// Floating-point operations of the products.
        var flops = 0.0
        /// The self-audit of the rows matched approximately (nil when none were).
        var audit: MatchAudit? = nil

        /// Adds one result; its warnings already in `skipped` (the plan's, counted up front) are left out.
        mutating func add(_ result: LayerMatches, skipped: [String]) {
            if let part = result.audit { audit = audit.map { $0.adding(part) } ?? part }
            warnings += result.warnings.filter { !skipped.contains($0) }
            flops += result.flops
        }
    }
}
