import ArgumentParser
import CanonicalOutput
import FlowCore
import FlowExport

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

    @Argument(help: "The seed feature, e.g. 12/res/4230 (or --seed, repeated, or --themes).")
    var feature: FeatureID?

    @Option(
        name: .customLong("seed"),
        help: "A seed of the theme set (repeat for several; plans the union of their graphs).")
    var seeds: [FeatureID] = []

    @Option(
        help: "A theme file (JSON: name, seeds, prompt, keywords, direction; docs/steering.md): one plan per theme.")
    var themes: String?

    @Flag(help: "Steer the seeds alone at their own layers (the paper's baseline), not their flow graphs.")
    var initialOnly = false

    @Flag(help: "Also store the themes and their sweep plans in the database (the site's steering pages).")
    var record = false

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
        let given = (feature.map { [$0] } ?? []) + seeds
        if given.isEmpty && themes == nil { throw ValidationError("Name a seed feature, --seed or --themes.") }
        if given.contains(where: { $0.hookSite != .res }) {
            throw ValidationError("Steering plans grow from residual features (L/res/i).")
        }
        if record && themes == nil { throw ValidationError("--record stores themes: give --themes.") }
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
        let strategy = initialOnly ? SteeringRequest.Strategy.initialOnly : self.strategy
        let paper = SteeringRequest.paperSetting(strategy)
        let scheduled: SteeringRequest.Schedule
        switch schedule {
        case .constant: scheduled = .constant
        case .exponential: scheduled = .exponential(alpha: alpha ?? paper.alpha)
        case .linear: scheduled = .linear(end: end)
        }
        let given = (feature.map { [$0] } ?? []) + seeds
        let request = SteeringRequest(
            seed: given.first ?? FeatureID(layer: 0, hookSite: .res, index: 0), strategy: strategy, schedule: scheduled,
            operation: operation, strength: strength ?? paper.strength, layer: layer, layerOrigin: layerOrigin)
        var plans: [SteeringPlan] = []
        do {
            if let themes {
                let loaded = try SteeringThemeFile.load(path: themes)
                for theme in loaded {
                    let featureSeeds = try Self.featureSeeds(theme, file: themes)
                    plans.append(try planner.plan(seeds: featureSeeds, request, theme: theme.name))
                }
                if record { try Self.record(loaded, file: themes, planner: planner, database: database) }
            } else {
                plans.append(try planner.plan(seeds: given, request))
            }
        } catch let error as SteeringPlanner.InvalidRequest {
            throw AnalysisError(path: database, message: error.message)
        }
        let text =
            plans.count == 1 && themes == nil
            ? CanonicalJSON.string(plans[0], pretty: true) : CanonicalJSON.string(plans, pretty: true)
        try OutputFile.write(text + "\n", to: output)
        if let python, let first = plans.first {
            try OutputFile.write(first.pythonSnippet(planFile: output ?? "plan.json"), to: python)
        }
    }

    /// The theme's seeds as features; token seeds need the model (`featureflow steer` resolves them).
    static func featureSeeds(_ theme: SteeringTheme, file: String) throws -> [FeatureID] {
        if let token = theme.seeds.first(where: { $0.feature == nil }) {
            throw SteeringThemeFile.Invalid(
                path: file,
                message:
                    "theme \"\(theme.name)\": the seed \(token) needs the model to be resolved; use `featureflow steer`"
            )
        }
        return theme.featureSeeds
    }

    /// Stores every theme with its default sweep plans (no runs) in the database.
    static func record(_ themes: [SteeringTheme], file: String, planner: SteeringPlanner, database: String) throws {
        let store = try FlowDatabase(path: database, mustExist: true)
        for theme in themes {
            let seeds = try featureSeeds(theme, file: file)
            let sweep = SteeringSweep(strengths: SteeringSweep.defaultStrengths(theme.direction))
            let plans = sweep.plans(planner: planner, seeds: seeds, theme: theme.name, direction: theme.direction)
            let heldOut = SteeringSweep.heldOut(planner: planner, seeds: seeds, plans: plans)
            try store.recordSteeringTheme(
                SteeringThemeRecord(theme: theme, seeds: seeds, heldOut: heldOut), plans: plans)
        }
    }
}

extension SteeringRequest.Strategy: ExpressibleByArgument {}
extension SteeringRequest.Operation: ExpressibleByArgument {}
extension SteeringRequest.LayerOrigin: ExpressibleByArgument {}
