import ArgumentParser
import FlowCore

/// `featureflow steer-plan`: a steering plan along a feature's flow graph.
struct SteerPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steer-plan",
        abstract: "Derive a steering plan (JSON + Python snippet) along a residual feature's flow graph.",
        discussion: """
            The plan lists (layer, site, feature, coefficient) for the features of the pruned flow graph \
            (residual links ≥ 0.5, module leaves ≥ 0.15). Coefficients are folded by each feature's JumpReLU \
            threshold θ for --operation add. The JSON layout is documented in docs/steering-plan-format.md.
            """)

    enum ScheduleName: String, ExpressibleByArgument, CaseIterable {
        case constant, exponential, linear
    }

    @Argument(help: "The flow database written by `featureflow match`.")
    var database: String

    @Argument(help: "The seed feature, e.g. 12/res/4230.")
    var feature: FeatureID

    @Option(help: "single-layer or cumulative.")
    var strategy: SteeringRequest.Strategy = .cumulative

    @Option(help: "constant, exponential (s·e^{αl}) or linear (s → s* over the span).")
    var schedule: ScheduleName = .constant

    @Option(help: "α of the exponential schedule.")
    var alpha: Float = -0.05

    @Option(name: .customLong("end"), help: "s* of the linear schedule.")
    var end: Float = 1

    @Option(help: "add (h += s·θ·V) or rescale (h += (r−1)·a·V).")
    var operation: SteeringRequest.Operation = .add

    @Option(help: "s for add, r for rescale.")
    var strength: Float

    @Option(help: "Layer l: single-layer steers it; cumulative steers l_start…l (default: the seed's layer).")
    var layer: Int?

    @Option(name: .shortAndLong, help: "Write the plan JSON here instead of stdout.")
    var output: String?

    @Option(help: "Also write a Python snippet that applies the plan with TransformerLens/SAELens hooks.")
    var python: String?

    @OptionGroup var analysisOptions: AnalysisOptions

    func validate() throws {
        if feature.site != .res { throw ValidationError("Steering plans grow from residual features (L/res/i).") }
        if !strength.isFinite { throw ValidationError("--strength must be a finite number.") }
    }

    func run() throws {
        let (store, analysis) = try analysisOptions.analyse(database: database)
        let planner = SteeringPlanner(
            graphs: analysis.graphs, thresholds: try store.thresholds(), hooks: try store.hookNames())
        let scheduled: SteeringRequest.Schedule
        switch schedule {
        case .constant: scheduled = .constant
        case .exponential: scheduled = .exponential(alpha: alpha)
        case .linear: scheduled = .linear(end: end)
        }
        let request = SteeringRequest(
            seed: feature, strategy: strategy, schedule: scheduled, operation: operation, strength: strength,
            layer: layer)
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
