import ArgumentParser
import FlowCore

/// The `featureflow` command: SAE feature flow across layers, rendered as a static site.
public struct FeatureFlowCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "featureflow",
        abstract:
            "Trace how sparse-autoencoder features flow through a language model and publish it as a static site.",
        discussion: """
            Implements "Analyze Feature Flow to Enhance Interpretation and Steering in Language Models" \
            (arXiv 2502.03032): data-free matching of SAE decoder vectors across layers and positions.
            """,
        version: FlowCore.version,
        subcommands: [
            SynthCommand.self,
            TrainSAEsCommand.self,
            InspectCommand.self,
            MatchCommand.self,
            MergeCommand.self,
            ExportCommand.self,
            GraphCommand.self,
            SteerPlanCommand.self,
            SteerCommand.self,
            CheckCommand.self,
            BuildCommand.self,
            RenderCommand.self,
            GenerateCommand.self,
            PerplexityCommand.self,
            CaptureCommand.self,
            EvidenceCommand.self,
            EvidenceMergeCommand.self,
        ]
    )

    public init() {}
}
