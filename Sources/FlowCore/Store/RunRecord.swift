/// One row of the `run` table: one invocation of `featureflow match`.
public struct RunRecord: Equatable, Sendable {
    /// Row id (increasing with time).
    public var id: Int
    /// featureflow version that ran.
    public var toolVersion: String
    /// Canonical JSON of the parameters (input, layers, top_k, model, force).
    public var parameters: String
    /// Canonical JSON of the timings (`total_seconds`, per layer `seconds` and `mode` computed/reused).
    public var timings: String
    /// Warnings reported by the run (e.g. skipped hook_z attention SAEs).
    public var warnings: [String]
    /// The self-audit of an approximate run (nil for exact runs and runs written before issue 17).
    public var audit: MatchAudit?

    /// A run record.
    public init(
        id: Int, toolVersion: String, parameters: String, timings: String, warnings: [String], audit: MatchAudit? = nil
    ) {
        self.audit = audit
        self.id = id
        self.toolVersion = toolVersion
        self.parameters = parameters
        self.timings = timings
        self.warnings = warnings
    }
}
