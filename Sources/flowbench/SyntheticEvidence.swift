import FlowCore

/// Plausible evidence rows for every feature of a score table, written with the evidence write API, so the site
/// section measures feature pages *with* evidence (contexts, histograms, co-activation) without running a model.
/// Context windows are stored as the evidence pass stores them: token ids, decoded through the run's vocabulary.
/// The token vocabulary holds hostile text (markup, quotes, control characters, bidi overrides) on purpose.
enum SyntheticEvidence {
    static let vocabulary = [
        " the", " planet", " Mars", "<script>", "alert(1)", "</script>", " \"quoted\"", " 'single'", "\n", "\t",
        " \u{202E}reversed", "\u{200F}", " é", " 東京", " a", ",", ".", " of", "\u{0007}", " &amp;", " x",
    ]

    /// Fills one complete evidence run into `database` over `table`'s features; returns the run id.
    @discardableResult
    static func fill(_ database: FlowDatabase, table: ScoreTable, tokens: Int = 100_000, seed: UInt64 = 5) throws
        -> Int
    {
        var rng = SplitMix(seed)
        let run = try database.beginEvidenceRun(
            EvidenceRun(
                key: "synthetic-\(seed)", source: "acts", model: nil, texts: ["synthetic.txt"], sequences: 0,
                tokens: 0, context: 64, seed: Int(seed), parameters: "{}"))
        for scores in table.layers {
            var quality: [SAEEvidence] = []
            var activity: [FeatureActivity] = []
            var contexts: [ContextWindow] = []
            var coactivation: [Coactivation] = []
            for hookSite in [HookSite.res, .mlp, .att] where hookSite == .res || scores.column(hookSite) != nil {
                quality.append(
                    SAEEvidence(
                        layer: scores.layer, hookSite: hookSite, tokens: tokens, fve: 0.4 + 0.5 * rng.unit(),
                        l0: 20 + 40 * rng.unit(), deadFraction: 0.05 * rng.unit(), denseFraction: 0.01 * rng.unit()))
                let count =
                    hookSite == .res
                    ? scores.count : (scores.column(hookSite)?.candidates.map(Int.init).max() ?? -1) + 1
                for feature in 0..<count {
                    let active = Int(rng.unit() * 0.02 * Double(tokens))
                    let maximum = 2 + 10 * rng.unit()
                    var counts = (0..<16).map { _ in Int(rng.unit() * 50) }
                    counts[0] += active / 4
                    activity.append(
                        FeatureActivity(
                            layer: scores.layer, hookSite: hookSite, feature: feature, active: active,
                            mean: maximum / 3,
                            max: maximum,
                            histogram: ActivationHistogram(
                                edges: (0...16).map { Double($0) * maximum / 16 }, counts: counts)))
                    for rank in 1...20 {
                        let window = (0..<25).map { _ in Int32(rng.next() % UInt64(vocabulary.count)) }
                        contexts.append(
                            ContextWindow(
                                layer: scores.layer, hookSite: hookSite, feature: feature, rank: rank,
                                activation: maximum * (1 - Double(rank) / 25), sequence: Int(rng.next() % 1000),
                                position: Int(rng.next() % 64), tokens: window, focus: 16))
                    }
                }
            }
            for feature in 0..<scores.count {
                for hookSite in [HookSite.res, .mlp, .att] {
                    guard let match = scores.column(hookSite)?[feature] else { continue }
                    let target = 50 + Int(rng.next() % 2000)
                    coactivation.append(
                        Coactivation(
                            layer: scores.layer, feature: feature, hookSite: hookSite, predecessor: match.index,
                            targetActive: target, bothActive: Int(Double(target) * Double(match.cosine) * rng.unit()),
                            randomFeature: Int(rng.next() % UInt64(max(1, scores.count))),
                            randomBothActive: Int(Double(target) * 0.02 * rng.unit())))
                }
            }
            var groups: [GroupCount] = []
            for predecessors in [1, 5] {
                for group in ActivationGroup.allCases {
                    groups.append(
                        GroupCount(
                            layer: scores.layer, predecessors: predecessors, group: group,
                            events: Int(rng.next() % 5000)))
                }
            }
            var deactivations: [Deactivation] = []
            for mode in ["top1", "top5", "random5"] {
                for r in [-2.0, -1, 0, 0.5, 1, 2, 3] {
                    let samples = 125
                    deactivations.append(
                        Deactivation(
                            layer: scores.layer, mode: mode, r: r, samples: samples,
                            successes: r == 0 ? Int(rng.next() % UInt64(samples)) : 0,
                            meanChange: (1 - r) * (0.3 + 0.5 * rng.unit())))
                }
            }
            try database.write(quality, run: run)
            try database.write(activity, run: run)
            try database.write(contexts, run: run)  // token ids, as the evidence pass stores them
            try database.write(coactivation, run: run)
            try database.write(groups, run: run)
            try database.write(deactivations, run: run)
        }
        try database.writeVocabulary(
            Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($0.offset, $0.element) }), run: run)
        try database.completeEvidenceRun(id: run, sequences: tokens / 64, tokens: tokens)
        return run
    }

    /// SplitMix64: a small seeded generator.
    struct SplitMix {
        var state: UInt64
        init(_ seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }
}
