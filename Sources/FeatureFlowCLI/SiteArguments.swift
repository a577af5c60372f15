import ArgumentParser
import FlowCore
import FlowReport
import Foundation

/// The site options shared by `build` and `render`, and the one way both write a site.
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
        if let bad = seed.first(where: { $0.site != .res }) {
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

    /// Refuses a bad `--out` (root, home, an unmarked non-empty folder, a symlink leading outside) or a flow
    /// database inside it; called before any other work, so a refused run costs nothing and changes nothing.
    func checkTarget(database: String) throws {
        _ = try SiteWriter(target: out).resolvedTarget(keepingOutside: database)
    }

    /// Analyses the database, renders the site into a staging folder, checks it, and swaps it in.
    /// Returns the site's folder. The previous site stays untouched when anything fails.
    func render(
        database: FlowDatabase, analysisOptions: AnalysisOptions, printer: ProgressPrinter, stepOffset: Int,
        stepCount: Int
    ) throws -> String {
        let writer = SiteWriter(target: out)
        _ = try writer.resolvedTarget(keepingOutside: database.path)  // checked again: the folder may have changed
        var step = stepOffset
        func announce(_ name: String) {
            step += 1
            printer.line("[\(step)/\(stepCount)] \(name)")
        }
        announce("analyse")
        let analysis = try StepFailure.naming("analyse") {
            let analysis = FlowAnalysis(
                table: try database.scoreTable(), mode: analysisOptions.mode, persistence: analysisOptions.persistence,
                graphParameters: analysisOptions.graphParameters)
            try database.writeAnalysis(analysis)
            return analysis
        }
        announce("labels")
        let labelSet = try StepFailure.naming("labels") { try LabelSet.load(paths: labels) }
        printer.line("  \(labelSet.count) labelled features from \(labels.count) file(s)")
        let builder = SiteBuilder(options: options)
        let context = try StepFailure.naming("render") {
            try builder.context(database: database, analysis: analysis, labels: labelSet)
        }
        return try writer.write { staging in
            announce("render")
            let summary = try StepFailure.naming("render") {
                try builder.build(context: context, database: database, into: staging, printer: printer)
            }
            printer.endProgress()
            let rate = summary.featureSeconds > 0 ? Double(summary.featurePages) / summary.featureSeconds : 0
            printer.line(
                "  \(summary.residualPages) of \(summary.residualTotal) residual feature pages, "
                    + "\(summary.modulePages) module pages, \(summary.otherPages) other pages "
                    + String(format: "(%.0f feature pages/s)", rate))
            announce("check")
            let report = try StepFailure.naming("check") { try SiteChecker(root: staging.root).check() }
            if !report.isClean { throw ProblemList(report.problems) }
            printer.line("  \(report.pagesChecked) pages, \(report.filesChecked) files: no problems")
        }
    }
}
