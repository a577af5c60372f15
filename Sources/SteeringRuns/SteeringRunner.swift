import CanonicalOutput
import FlowCore
import Foundation
import ModelRuntime

/// Runs a theme's baseline and plans (docs/steering.md): every prompt × sample is generated unsteered and
/// under each plan with the same seeds, measured on a clean pass, scored, and stored; a run already in
/// the database under the same configuration and plan is reused, not generated again.
public struct SteeringRunner {
    /// The model.
    public let model: Transformer
    /// Its tokeniser.
    public let tokenizer: Tokenizer
    /// The SAEs the plans name.
    public let saes: SAECatalog
    /// Where runs are stored and looked up (nil: nothing is stored).
    public let store: FlowDatabase?
    /// Progress lines.
    public var log: (String) -> Void = { _ in }

    /// A runner.
    public init(model: Transformer, tokenizer: Tokenizer, saes: SAECatalog, store: FlowDatabase?) {
        self.model = model
        self.tokenizer = tokenizer
        self.saes = saes
        self.store = store
    }

    /// The baseline run followed by one run per plan (in order).
    public func run(theme: SteeringTheme, plans: [SteeringPlan], config: SteeringConfig) throws -> [SteeringRunRecord] {
        let heldOut = config.heldOut.compactMap(FeatureID.init(parsing:))
        let evaluator = try SteeringEvaluator(
            model: model, saes: saes, heldOut: heldOut, keywords: config.keywords)
        let promptIDs = try config.prompts.map { prompt -> [Int] in
            let ids = tokenizer.encode(config.chat ? tokenizer.chatPrompt(user: prompt) : prompt).map(Int.init)
            guard !ids.isEmpty else { throw SteeringRunError(path: nil, message: "a prompt encodes to no tokens") }
            return ids
        }
        let configKey = config.key
        let baselineKey = SteeringRunRecord.key(config: configKey, plan: SteeringRunRecord.baselineKey)
        let baseline: SteeringRunRecord
        if let stored = try store?.steeringRun(key: baselineKey) {
            baseline = stored
        } else {
            let texts = try generate(promptIDs, config: config, hooks: ForwardHooks(), evaluator: evaluator)
            baseline = record(
                texts, theme: theme, config: config, planKey: SteeringRunRecord.baselineKey, baseline: nil)
            try store?.recordSteeringRun(baseline)
        }
        log(summary("baseline", baseline))
        var runs = [baseline]
        for plan in plans {
            let planKey = SteeringPlanRecord.key(of: plan)
            if let stored = try store?.steeringRun(key: SteeringRunRecord.key(config: configKey, plan: planKey)) {
                runs.append(stored)
                log(summary(Self.label(plan) + " (stored)", stored))
                continue
            }
            let hooks = try SteeringHooks.make(plan: plan, saes: saes, width: model.width(of:))
            let texts = try generate(promptIDs, config: config, hooks: hooks, evaluator: evaluator)
            let run = record(texts, theme: theme, config: config, planKey: planKey, baseline: baseline)
            try store?.recordSteeringRun(run)
            log(summary(Self.label(plan), run))
            runs.append(run)
        }
        return runs
    }

    /// `single-layer l=6 s=8`.
    public static func label(_ plan: SteeringPlan) -> String {
        let request = plan.request
        let layer = request.strategy == .initialOnly ? "" : " l=\(request.layer.map(String.init) ?? "seed")"
        let symbol = request.operation == .add ? "s" : "r"
        return "\(request.strategy.rawValue)\(layer) \(symbol)=\(Fmt.score(request.strength))"
    }

    func summary(_ label: String, _ run: SteeringRunRecord) -> String {
        String(
            format: "%@: C %.3f  B %.3f  score %.3f  (%d tokens, %.1f s)", label, run.coherence, run.presence,
            run.score, run.tokens, run.seconds)
    }

    /// One generated text with its measure.
    struct Generated {
        var promptIndex: Int
        var sample: Int
        var tokens: [Int]
        var text: String
        var measure: TextMeasure
        var seconds: Double
    }

    func generate(_ prompts: [[Int]], config: SteeringConfig, hooks: ForwardHooks, evaluator: SteeringEvaluator)
        throws -> [Generated]
    {
        var texts: [Generated] = []
        let stops = Set(tokenizer.stopTokenIDs.map(Int.init))
        for (index, prompt) in prompts.enumerated() {
            for sample in 0..<config.samples {
                let options = SamplingOptions(
                    temperature: config.temperature, topP: config.topP, seed: config.seed &+ UInt64(sample),
                    maxNewTokens: config.maxNew, stopTokens: stops)
                let start = Date()
                let tokens = try model.generate(prompt: prompt, options: options, hooks: hooks)
                let seconds = Date().timeIntervalSince(start)
                let text = tokenizer.decode(tokens.map(Int32.init), skipSpecial: true)
                let measure = try evaluator.measure(prompt: prompt, generated: tokens, text: text)
                texts.append(
                    Generated(
                        promptIndex: index, sample: sample, tokens: tokens, text: text, measure: measure,
                        seconds: seconds))
            }
        }
        return texts
    }

    /// The run record of `texts`; coherence against `baseline` (itself when nil).
    func record(
        _ texts: [Generated], theme: SteeringTheme, config: SteeringConfig, planKey: String,
        baseline: SteeringRunRecord?
    ) -> SteeringRunRecord {
        var reference: [Int: (nll: Double, distinct: Double)] = [:]
        let source: [(Int, Double, Double)] =
            baseline?.texts.map { ($0.promptIndex, $0.nll, $0.distinct) }
            ?? texts.map { ($0.promptIndex, $0.measure.nll, $0.measure.distinct) }
        for index in Set(source.map(\.0)) {
            let rows = source.filter { $0.0 == index }
            reference[index] = (
                rows.map(\.1).reduce(0, +) / Double(rows.count), rows.map(\.2).reduce(0, +) / Double(rows.count)
            )
        }
        let records = texts.map { text -> SteeringTextRecord in
            let base = reference[text.promptIndex] ?? (text.measure.nll, text.measure.distinct)
            return SteeringTextRecord(
                promptIndex: text.promptIndex, sample: text.sample, prompt: config.prompts[text.promptIndex],
                text: text.text, nll: text.measure.nll, distinct: text.measure.distinct,
                coherence: text.measure.coherence(baselineNLL: base.nll, baselineDistinct: base.distinct),
                presence: text.measure.presence)
        }
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        let coherence = mean(records.map(\.coherence))
        let presence = mean(records.map(\.presence))
        let features = texts.compactMap(\.measure.features)
        let keywords = texts.compactMap(\.measure.keywords)
        return SteeringRunRecord(
            runKey: SteeringRunRecord.key(config: config.key, plan: planKey), configKey: config.key,
            theme: theme.name, planKey: planKey, coherence: coherence, presence: presence,
            presenceFeatures: features.isEmpty ? nil : mean(features),
            presenceKeywords: keywords.isEmpty ? nil : mean(keywords),
            score: SteeringScore.combined(presence: presence, coherence: coherence, direction: theme.direction),
            tokens: texts.map(\.tokens.count).reduce(0, +), seconds: texts.map(\.seconds).reduce(0, +),
            texts: records)
    }
}
