import ArgumentParser
import CanonicalOutput
import FlowCore
import FlowExport
import FlowReport
import SiteKit

/// `featureflow graph`: the flow graph of one residual feature.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the flow graph of a residual feature (JSON, Graphviz DOT, standalone SVG).",
        discussion: "The JSON layout is documented in docs/graph-format.md.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, dot, svg
    }

    @Argument(help: "The flow database written by `featureflow match`.")
    var database: String

    @Argument(help: "The seed feature, e.g. 24/res/14548.")
    var feature: FeatureID

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .json

    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.")
    var output: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Label files shown in the SVG (Neuronpedia JSONL/.gz or CSV).")
    var labels: [String] = []

    @OptionGroup var analysisOptions: AnalysisOptions

    func validate() throws {
        if feature.hookSite != .res { throw ValidationError("Flow graphs grow from residual features (L/res/i).") }
    }

    func run() throws {
        let (_, analysis) = try analysisOptions.analyse(database: database)
        guard let graph = analysis.graphs.graph(seed: feature) else {
            throw AnalysisError(path: database, message: "\(feature) is not a residual feature in this flow database")
        }
        switch format {
        case .json: try OutputFile.write(CanonicalJSON.string(graph, pretty: true) + "\n", to: output)
        case .dot: try OutputFile.write(graph.dot, to: output)
        case .svg:
            let labels = try LabelSet.load(paths: labels)
            let diagram = FlowDiagram(graph: graph, labels: labels)
            try OutputFile.write(try FlowDiagramRenderer().svg(diagram).xmlString() + "\n", to: output)
        }
    }
}

/// A request the flow database cannot answer.
struct AnalysisError: LocatedError {
    var path: String?
    var message: String
}
