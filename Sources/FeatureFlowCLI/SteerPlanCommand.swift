import ArgumentParser
import FlowCore

/// `featureflow steer-plan`: a steering plan along a feature's flow graph.
struct SteerPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steer-plan",
        abstract: "Derive a steering plan (JSON + Python snippet) along a residual feature's flow graph.",
        discussion: """
            The plan lists (layer, site, feature, coefficient) for the features of the pruned flow graph \
            (residual links ≥ --steering-link, default 0.5; module leaves ≥ --steering-leaf, default 0.15). \
            Coefficients are folded by each feature's JumpReLU threshold θ for --operation add and multiply \
            the raw decoder row. Without --strength/--alpha the paper's setting for the strategy applies: \
            single-layer s = 8, α = −0.05; cumulative s = 3, α = −0.25 (exponential schedule, l the absolute \
            layer unless --layer-origin span-start). The JSON layout is documented in docs/steering-plan-format.md.
            """)

    enum ScheduleName: String, ExpressibleByArgument, CaseIterable {
        case constant, exponential, linear
    }

    @Argument(help: "The flow database written by `featureflow match`.")
    var database: String

    @Argument(help: "The seed feature, e.g. 12/res/4230.")
    var feature: FeatureID

    @Option(help: "single-layer or cumulative.")
    var strategy: SteeringRequest.Strategy = .singleLayer

    @Option(help: "constant, exponential (s·e^{αl}) or linear (s → s* over the span).")
    var schedule: ScheduleName = .exponential

    @Option(help: "α of the exponential schedule (default: the paper's for the strategy, −0.05 or −0.25).")
    var alpha: Float?

    @Option(help: "l in e^{αl}: absolute (the model's layer index) or span-start (counted from l_start).")
    var layerOrigin: SteeringRequest.LayerOrigin = .absolute

    @Option(name: .customLong("end"), help: "s* of the linear schedule.")
    var end: Float = 1

    @Option(help: "add (h += s·θ·V) or rescale (h += (r−1)·a·V).")
    var operation: SteeringRequest.Operation = .add

    @Option(help: "s for add, r for rescale (default: the paper's s for the strategy, 8 or 3).")
    var strength: Float?

    @Option(help: "Layer l: single-layer steers it; cumulative steers l_start…l (default: the seed's layer).")
    var layer: Int?

    @Option(name: .shortAndLong, help: "Write the plan JSON here instead of stdout.")
    var output: String?

    @Option(help: "Also write a Python snippet that applies the plan with TransformerLens/SAELens hooks.")
    var python: String?

    @OptionGroup var analysisOptions: AnalysisOptions

    func validate() throws {
        if feature.site != .res { throw ValidationError("Steering plans grow from residual features (L/res/i).") }
        if let strength, !strength.isFinite { throw ValidationError("--strength must be a finite number.") }
        if strength == nil && operation == .rescale {
            throw ValidationError("--operation rescale needs --strength r (the paper's defaults are for add).")
        }
        if let alpha, !alpha.isFinite { throw ValidationError("--alpha must be a finite number.") }
    }

    func run() throws {
        let (store, analysis) = try analysisOptions.analyse(database: database)
        let planner = SteeringPlanner(
            graphs: analysis.graphs, thresholds: try store.thresholds(), hooks: try store.hookNames(),
            decoderNorms: try store.decoderNorms())
        let paper = SteeringRequest.paperSetting(strategy)
        let scheduled: SteeringRequest.Schedule
        switch schedule {
        case .constant: scheduled = .constant
        case .exponential: scheduled = .exponential(alpha: alpha ?? paper.alpha)
        case .linear: scheduled = .linear(end: end)
        }
        let request = SteeringRequest(
            seed: feature, strategy: strategy, schedule: scheduled, operation: operation,
            strength: strength ?? paper.strength, layer: layer, layerOrigin: layerOrigin)
        let plan: SteeringPlan
        do {
            plan = try planner.plan(request)
        } catch let error as SteeringPlanner.InvalidRequest {
            throw AnalysisError(path: database, message: error.message)
        }
        try OutputFile.write(CanonicalJSON.string(plan, pretty: true) + "\n", to: output)
        if let python {
            try OutputFile.write(plan.pythonSnippet(planFile: output ?? "plan.json"), to: python)
        }
    }
}

extension SteeringRequest.Strategy: ExpressibleByArgument {}
extension SteeringRequest.Operation: ExpressibleByArgument {}
extension SteeringRequest.LayerOrigin: ExpressibleByArgument {}
