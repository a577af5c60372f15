/// What matching one layer L involves: its residual SAE, the SAEs it is compared with, and the
/// positions that had to be skipped (and why).
public struct LayerPlan: Sendable {
    /// One comparison to make.
    public struct Target: Sendable {
        /// The compared position.
        public var hookSite: HookSite
        /// Backward (R_{L-1}, M_L, A_L) or forward (R_{L+1}).
        public var direction: MatchDirection
        /// The compared SAE.
        public var sae: SAE
        /// True when its decoder rows go through W_O (hook_z attention SAE) before matching.
        public var projected: Bool
    }

    /// The layer L.
    public var layer: Int
    /// The residual SAE R_L whose features are matched.
    public var residual: SAE
    /// Comparisons in the order backward res, mlp, att, forward res.
    public var targets: [Target]
    /// Positions present in the input but skipped, with the warning to report.
    public var skipped: [String]

    /// The SAE compared at `site` in `direction`, if any.
    public func target(hookSite: HookSite, direction: MatchDirection) -> Target? {
        targets.first { $0.hookSite == hookSite && $0.direction == direction }
    }
}
