import SiteKit

/// The template model of an MLP or attention feature's page (`module.mustache`).
struct ModulePageModel: Codable {
    /// The feature's id.
    var id: String
    /// "MLP output" or "attention output".
    var site: String
    /// Its layer.
    var layer: Int
    /// The layer page.
    var layerHref: String
    /// Its labels.
    var labels: [LabelModel]
    /// The rows of the residual features it feeds.
    var claimedBy: HTMLFragment
    /// The JSON download.
    var json: String
    /// Its Neuronpedia page.
    var neuronpedia: String?
    /// Run-time evidence.
    var evidence: EvidenceModel?
    /// A provisional label from its contexts.
    var provisional: String?
}
