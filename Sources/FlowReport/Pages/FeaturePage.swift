import FlowCore

/// The page of one residual feature: flow diagram, chain, lifespan, matches, descendants, steering, downloads.
enum FeaturePage {
    static let root = "../"
    /// Links to other feature pages stay in the same folder.
    static let featureBase = ""

    static func model(
        _ dossier: FeatureDossier, context: ReportContext, fragments: PageFragments, diagramSVG: String
    ) throws -> PageModel {
        let id = dossier.id
        var chain: [[String: Any]] = []
        for node in dossier.graph.spine {
            var row = try link(node, context, fragments)
            row["layer"] = node.layer
            let originClass = PageValues.originClass(context.analysis.classification.originClass(of: node))
            row["class"] = originClass
            row["badge"] = try fragments.badge(originClass)
            row["sR"] = PageValues.cosine(context.analysis.table.predecessor(of: node)?.cosine)
            row["isSeed"] = node == id
            row["inSpan"] = dossier.graph.steeringSpan.contains(node.layer)
            chain.append(row)
        }
        let positions: [[String: Any]] = try MatchPosition.allCases.compactMap { position in
            guard let matches = dossier.matches[position.rawValue], !matches.isEmpty else { return nil }
            return [
                "title": position.title,
                "rows": try matches.map { match -> [String: Any] in
                    var row = try link(match.id, context, fragments)
                    row["rank"] = match.rank
                    row["cosine"] = PageValues.cosine(match.cosine)
                    return row
                },
            ]
        }
        let t = dossier.thresholds
        let scores: [[String: Any]] = [
            ("s(R)", "previous residual", dossier.scores.res, t.res),
            ("s(M)", "MLP", dossier.scores.mlp, t.mlp),
            ("s(A)", "attention", dossier.scores.att, t.att),
        ].map { name, position, value, threshold in
            [
                "name": name, "position": position, "value": PageValues.cosine(value),
                "threshold": PageValues.cosine(threshold),
                "verdict": value.map { $0 >= threshold ? "above" : "below" } ?? "no SAE",
            ]
        }
        let originClass = PageValues.originClass(dossier.originClass)
        let bornAs = PageValues.originClass(dossier.lifespan.bornAs)
        let birthFeature = try dossier.lifespan.birthFeature.map { try link($0, context, fragments) }
        var page: [String: Any] = [
            "id": id.description, "class": originClass, "badge": try fragments.badge(originClass), "scores": scores,
            "labels": dossier.labels.map(PageValues.label),
            "diagram": diagramSVG, "chain": chain, "positions": positions,
            "descendants": try dossier.descendants.map { descendant -> [String: Any] in
                var row = try link(descendant.id, context, fragments)
                row["cosine"] = PageValues.cosine(descendant.cosine)
                return row
            },
            "lifespan": [
                "birth": dossier.lifespan.birth, "end": dossier.lifespan.end, "length": dossier.lifespan.length,
                "bornAs": bornAs, "bornAsBadge": try fragments.badge(bornAs), "birthFeature": birthFeature ?? [:],
                "birthLink": birthFeature?["link"] ?? "",
                "persistence": PageValues.cosine(context.analysis.lifespans.threshold),
            ],
            "layer": id.layer, "layerHref": root + SiteLinks.layerPage(id.layer),
            "json": root + SiteLinks.featureJSON(id), "csv": root + SiteLinks.featureCSV(id),
            "span": "\(dossier.graph.steeringSpan.lowerBound)–\(dossier.graph.steeringSpan.upperBound)",
            "truncated": dossier.graph.descendantsTruncated, "hasDescendants": !dossier.descendants.isEmpty,
            "maxDescendants": dossier.graph.parameters.maxDescendants,
        ]
        if let url = dossier.neuronpedia { page["neuronpedia"] = url }
        if let plan = dossier.steering { page["steering"] = try steering(plan, context: context, fragments: fragments) }
        let label = dossier.labels.first.map { " — \($0.text)" } ?? ""
        return PageModel(
            path: SiteLinks.featurePage(id), title: "Feature \(id)", template: "feature", context: page,
            description: "Flow of SAE feature \(id)\(label)")
    }

    /// The values of a link to `id` (`PageValues.feature`) plus `link`, the rendered `featurelink` partial.
    static func link(_ id: FeatureID, _ context: ReportContext, _ fragments: PageFragments) throws -> [String: Any] {
        var row = PageValues.feature(id, context, base: featureBase)
        row["link"] = try fragments.link(id, values: row)
        return row
    }

    static func steering(_ plan: SteeringPlan, context: ReportContext, fragments: PageFragments) throws -> [String: Any]
    {
        let request = plan.request
        var schedule = request.schedule.name
        switch request.schedule {
        case .exponential(let alpha): schedule += " (α = \(Fmt.score(alpha)))"
        case .linear(let end): schedule += " (to s* = \(Fmt.score(end)))"
        case .constant: break
        }
        return [
            "strategy": request.strategy.rawValue, "schedule": schedule, "operation": request.operation.rawValue,
            "strength": Fmt.score(request.strength),
            "layers": plan.layers.map(String.init).joined(separator: ", "),
            "layerRows": try plan.layers.map { layer -> [String: Any] in
                let entries = plan.entries.filter { $0.layer == layer }
                return [
                    "layer": layer, "coefficient": Fmt.score(entries.first?.coefficient, digits: 3),
                    "entries": try entries.map { entry -> [String: Any] in
                        var row = try link(
                            FeatureID(layer: entry.layer, site: entry.site, index: entry.feature), context, fragments)
                        row["scale"] = Fmt.score(entry.scale, digits: 3)
                        return row
                    },
                ]
            },
        ]
    }
}
