import FlowCore
import SiteKit

/// The template model of a feature label with who wrote it.
struct LabelModel: Codable, Equatable {
    /// The label.
    var text: String
    /// Who wrote it ("" when unknown).
    var explainer: String
    /// Whether `explainer` is given.
    var hasExplainer: Bool
    /// The file it came from.
    var source: String

    /// The model of `label`.
    init(_ label: FeatureLabel) {
        text = label.text
        explainer = label.explainer ?? ""
        hasExplainer = !explainer.isEmpty
        source = label.source
    }
}
