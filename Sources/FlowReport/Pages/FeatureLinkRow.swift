import FlowCore
import SiteKit

/// The keys of the `featurelink` partial for one feature: its id, page (when rendered) and first label. Every key is
/// always present (Mustache would look a missing one up in the enclosing context and borrow a parent's link).
struct FeatureLinkRow: Codable, Equatable {
    /// The feature's id.
    var id: String
    /// Whether it has a page.
    var hasPage: Bool
    /// Its page ("" without one), from the linking page.
    var href: String
    /// Its first label ("" without one).
    var label: String
    /// Whether it has a label.
    var hasLabel: Bool

    /// The link to `id`; `base` is the path from the linking page to the `features/` folder.
    init(_ id: FeatureID, _ context: ReportContext, base: String) {
        hasPage = context.selection.hasPage(id)
        label = context.labels[id].first?.text ?? ""
        self.id = id.description
        href = hasPage ? base + SiteLinks.featureFile(id) : ""
        hasLabel = !label.isEmpty
    }
}
