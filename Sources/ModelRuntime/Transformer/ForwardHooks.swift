/// What a forward pass reads and edits: hook points to capture and interventions per hook point.
/// Empty hooks cost nothing beyond one check per hook point.
public struct ForwardHooks: @unchecked Sendable {
    /// Hook points whose activations the run returns.
    public var capture: Set<TransformerHook>
    /// Edits applied, in order, at each hook point.
    public var interventions: [TransformerHook: [HookIntervention]]

    /// Hooks that capture `capture` and apply `interventions`.
    public init(capture: Set<TransformerHook> = [], interventions: [TransformerHook: [HookIntervention]] = [:]) {
        self.capture = capture
        self.interventions = interventions
    }

    /// Whether the run neither reads nor edits anything.
    public var isEmpty: Bool { capture.isEmpty && interventions.isEmpty }

    /// Adds an intervention at `point` (after any already there).
    public mutating func intervene(at point: TransformerHook, _ intervention: HookIntervention) {
        interventions[point, default: []].append(intervention)
    }

    /// Every hook point named (captured or edited).
    public var points: Set<TransformerHook> { capture.union(interventions.keys) }
}
