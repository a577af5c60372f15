import FlowCore
import SiteKit

/// The page of an MLP or attention feature: which residual features it feeds.
enum ModulePage {
    static let root = "../"

    static func model(_ dossier: ModuleDossier, context: ReportContext) throws -> PageModel {
        let id = dossier.id
        let page = ModulePageModel(
            id: id.description, site: id.hookSite == .mlp ? "MLP output" : "attention output", layer: id.layer,
            layerHref: root + SiteLinks.layerPage(id.layer), labels: dossier.labels.map(LabelModel.init),
            claimedBy: try PageRows.claims(dossier.claimedBy, context), json: root + SiteLinks.featureJSON(id),
            neuronpedia: dossier.neuronpedia, evidence: try FeatureEvidence.model(id, context: context),
            provisional: FeatureEvidence.provisionalLabel(id, context: context))
        return PageModel(
            path: SiteLinks.featurePage(id), title: "Feature \(id)", template: "module", model: page,
            description: "SAE feature \(id) and the residual features it feeds")
    }
}
