import FlowCore
import FlowReport

/// How to analyse the flow database and write the site (the analyse, labels, render and check steps).
public struct SiteRequest: Sendable {
    /// The site folder (replaced atomically; only folders featureflow created are replaced).
    public var out: String
    /// Title, page budget, seeds, templates, steering plans.
    public var options: SiteOptions
    /// Label files (Neuronpedia exports or CSV).
    public var labels: [String]
    /// Class thresholds.
    public var mode: ThresholdMode
    /// s(R) threshold for lifespans (default: t_R).
    public var persistence: Float?
    /// Flow-graph parameters.
    public var graphParameters: FlowGraphParameters

    /// A request.
    public init(
        out: String, options: SiteOptions = .init(), labels: [String] = [],
        mode: ThresholdMode = .fixed(.default), persistence: Float? = nil,
        graphParameters: FlowGraphParameters = .init()
    ) {
        self.out = out
        self.options = options
        self.labels = labels
        self.mode = mode
        self.persistence = persistence
        self.graphParameters = graphParameters
    }

    /// The lock file beside the site folder `target` (absolute): `<target>.lock`.
    public static func lockPath(target: String) -> String { target + ".lock" }
}
