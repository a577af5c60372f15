import FlowCore

/// The page of an MLP or attention feature: which residual features it feeds.
enum ModulePage {
    static let root = "../"
    static let featureBase = ""

    static func model(_ dossier: ModuleDossier, context: ReportContext, fragments: PageFragments) throws -> PageModel {
        let id = dossier.id
        var page: [String: Any] = [
            "id": id.description, "site": id.site == .mlp ? "MLP output" : "attention output", "layer": id.layer,
            "layerHref": root + SiteLinks.layerPage(id.layer),
            "labels": dossier.labels.map(PageValues.label),
            "claimedBy": try dossier.claimedBy.map { link -> [String: Any] in
                var row = try FeaturePage.link(link.id, context, fragments)
                row["cosine"] = PageValues.cosine(link.cosine)
                let originClass = PageValues.originClass(context.analysis.classification.originClass(of: link.id))
                row["class"] = originClass
                row["badge"] = try fragments.badge(originClass)
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
