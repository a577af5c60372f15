import ArgumentParser
import FlowCore
import FlowPipeline
import FlowReport
import Foundation

/// The site options shared by `build` and `render`, turned into the site part of a pipeline request.
struct SiteArguments: ParsableArguments {
    enum Pages: String, ExpressibleByArgument, CaseIterable {
        case `default`, all
    }

    @Option(name: .long, help: "The site folder (replaced atomically; only folders featureflow created are replaced).")
    var out: String = "Output"

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Label files: Neuronpedia explanation exports (.jsonl, .jsonl.gz) or CSV layer,site,index,label.")
    var labels: [String] = []

    @Option(
        name: .long,
        help:
            "default: seeds, top features per class and layer, longest chains and their graphs; all: every residual feature."
    )
    var pages: Pages = .default

    @Option(name: .long, help: "Features that always get a page, e.g. 24/res/14548 (repeatable).")
    var seed: [FeatureID] = []

    @Option(name: .long, help: "Top features per class and layer given pages (default budget).")
    var topPerClass: Int = 3

    @Option(name: .long, help: "A folder of templates/assets overriding the built-in ones file by file.")
    var templates: String?

    @Option(name: .long, help: "The site's title.")
    var title: String = "featureflow report"

    @Option(
        name: .long,
        help:
            "Feature pages' steering plan: the paper's single-layer (s = 8, α = −0.05) or cumulative (s = 3, α = −0.25)."
    )
    var steeringStrategy: SteeringRequest.Strategy = .singleLayer

    @Option(name: .long, help: "l in the plans' e^{αl}: absolute (layer index) or span-start (counted from l_start).")
    var steeringLayerOrigin: SteeringRequest.LayerOrigin = .absolute

    @Flag(name: .long, help: "Do not copy the flow database into the site's data/ folder.")
    var noDatabase = false

    func validate() throws {
        if topPerClass < 0 { throw ValidationError("--top-per-class must be ≥ 0.") }
        if let bad = seed.first(where: { $0.hookSite != .res }) {
            throw ValidationError("--seed takes residual features (L/res/i), not \(bad).")
        }
    }

    var options: SiteOptions {
        var options = SiteOptions()
        options.title = title
        options.seeds = seed
        options.budget = pages == .all ? .all : .standard(perClass: topPerClass, longestChains: 20)
        options.templates = templates
        options.includeDatabase = !noDatabase
        options.steering = SteeringRequest.paper(seed: options.steering.seed, strategy: steeringStrategy)
        options.steering.layerOrigin = steeringLayerOrigin
        return options
    }

    /// The site part of a pipeline request, with the analysis options.
    func request(analysis: AnalysisOptions) -> SiteRequest {
        SiteRequest(
            out: out, options: options, labels: labels, mode: analysis.mode, persistence: analysis.persistence,
            graphParameters: analysis.graphParameters)
    }
}
