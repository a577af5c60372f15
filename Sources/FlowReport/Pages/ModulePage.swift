import FlowCore
import SiteKit

/// The page of an MLP or attention feature: which residual features it feeds.
enum ModulePage {
    static let root = "../"

    static func model(_ dossier: ModuleDossier, context: ReportContext) throws -> PageModel {
        let id = dossier.id
        var page: [String: Any] = [
            "id": id.description, "site": id.site == .mlp ? "MLP output" : "attention output", "layer": id.layer,
            "layerHref": root + SiteLinks.layerPage(id.layer),
            "labels": dossier.labels.map(PageValues.label),
            "claimedBy": try PageRows.claims(dossier.claimedBy, context),
            "json": root + SiteLinks.featureJSON(id),
        ]
        if let url = dossier.neuronpedia { page["neuronpedia"] = url }
        if let evidence = try FeatureEvidence.model(id, context: context) { page["evidence"] = evidence }
        if let provisional = FeatureEvidence.provisionalLabel(id, context: context) {
            page["provisional"] = provisional
        }
        return PageModel(
            path: SiteLinks.featurePage(id), title: "Feature \(id)", template: "module", context: page,
            description: "SAE feature \(id) and the residual features it feeds")
    }
}
