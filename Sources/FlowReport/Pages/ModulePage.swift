import FlowCore

/// The page of an MLP or attention feature: which residual features it feeds.
enum ModulePage {
    static let root = "../"
    static let featureBase = ""

    static func model(_ dossier: ModuleDossier, context: ReportContext) -> PageModel {
        let id = dossier.id
        var page: [String: Any] = [
            "id": id.description, "site": id.site == .mlp ? "MLP output" : "attention output", "layer": id.layer,
            "layerHref": root + SiteLinks.layerPage(id.layer),
            "labels": dossier.labels.map(PageValues.label),
            "claimedBy": dossier.claimedBy.map { link -> [String: Any] in
                var row = PageValues.feature(link.id, context, base: featureBase)
                row["cosine"] = PageValues.cosine(link.cosine)
                row["class"] = PageValues.originClass(context.analysis.classification.originClass(of: link.id))
                return row
            },
            "json": root + SiteLinks.featureJSON(id),
        ]
        if let url = dossier.neuronpedia { page["neuronpedia"] = url }
        return PageModel(
            path: SiteLinks.featurePage(id), title: "Feature \(id)", template: "module", context: page,
            description: "SAE feature \(id) and the residual features it feeds")
    }
}
