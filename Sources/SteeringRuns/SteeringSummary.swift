import FlowCore

/// The text summary `featureflow steer` prints: one line per run, and per strategy the best presence at
/// equal coherence (docs/steering.md) — the comparison of flow-graph and initial-only steering.
public enum SteeringSummary {
    /// Coherence floor for "at equal coherence".
    public static let coherenceFloor = 0.7

    /// The lines for one theme (`runs[0]` is the baseline, then one run per plan).
    public static func lines(theme: SteeringTheme, plans: [SteeringPlan], runs: [SteeringRunRecord]) -> [String] {
        guard let baseline = runs.first else { return [] }
        var lines = [
            "## \(theme.name) (\(theme.direction.rawValue))",
            String(
                format: "baseline: C %.3f  B %.3f  score %.3f", baseline.coherence, baseline.presence, baseline.score),
        ]
        for (plan, run) in zip(plans, runs.dropFirst()) {
            lines.append(
                String(
                    format: "%@: C %.3f  B %.3f  score %.3f", SteeringRunner.label(plan), run.coherence, run.presence,
                    run.score))
        }
        for best in bestByStrategy(theme: theme, plans: plans, runs: Array(runs.dropFirst())) {
            lines.append(best)
        }
        return lines
    }

    /// Per strategy: the best score overall, and the best presence (highest to promote, lowest to suppress)
    /// among the runs with C ≥ `coherenceFloor`.
    public static func bestByStrategy(theme: SteeringTheme, plans: [SteeringPlan], runs: [SteeringRunRecord])
        -> [String]
    {
        var lines: [String] = []
        for strategy in SteeringRequest.Strategy.allCases {
            let mine = zip(plans, runs).filter { $0.0.request.strategy == strategy }
            guard let top = mine.max(by: { $0.1.score < $1.1.score }) else { continue }
            let coherent = mine.filter { $0.1.coherence >= coherenceFloor }
            let chosen =
                theme.direction == .promote
                ? coherent.max(by: { $0.1.presence < $1.1.presence })
                : coherent.min(by: { $0.1.presence < $1.1.presence })
            let atFloor =
                chosen.map {
                    String(format: "B %.3f at C ≥ %.1f (%@)", $0.1.presence, coherenceFloor, SteeringRunner.label($0.0))
                } ?? String(format: "no run with C ≥ %.1f", coherenceFloor)
            lines.append(
                String(
                    format: "best %@: score %.3f (%@); %@", strategy.rawValue, top.1.score, SteeringRunner.label(top.0),
                    atFloor))
        }
        return lines
    }
}
