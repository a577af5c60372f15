import CanonicalOutput
import FlowCore
import SiteKit
import XMLSupport

/// The repeated parts of feature and module pages — table rows, lists, the diagram's legend — written straight through
/// libxml2 (`MarkupWriter`, which escapes every id and label) and handed to the templates as finished HTML
/// (`{{{chainRows}}}`). A feature page has about fifty rows and is rendered tens of thousands of times: a template
/// lookup per cell was most of its cost, so the templates keep each page's structure and prose and the rows are
/// written here in one pass, as `HTMLFragment`s, without the end tags HTML implies (`</td>`, `</tr>`, `</li>`: a
/// fifth of a table's bytes), so each template closes the parent right after them. Rows carry no per-cell classes:
/// the table's class tells `site.css` which columns are numbers and which hold labels.
enum PageRows {
    /// The chain across layers (the lifespan's, birth to end): feature (its id names the layer), class, s(R), label;
    /// the seed's row has the class `seed`, the birth's says "born here" (its s(R) is below the threshold: no
    /// earlier feature is its history).
    static func chain(_ dossier: FeatureDossier, _ context: ReportContext) throws -> HTMLFragment {
        let w = MarkupWriter(syntax: .htmlImpliedEnds)
        let chain = dossier.lifespan.chain.isEmpty ? [dossier.id] : dossier.lifespan.chain
        for node in chain {
            w.start("tr")
            if node == dossier.id { w.attribute("class", "seed") }
            w.start("td")
            link(w, node, context)
            if node == chain.first { w.text(" born here") }
            w.end()
            classCell(w, context.analysis.classification.originClass(of: node))
            w.element("td", text: PageValues.cosine(context.analysis.table.predecessor(of: node)?.cosine))
            w.element("td", text: label(node, context))
            w.end()
        }
        return HTMLFragment(html: try w.finish())
    }

    /// Ranked matches at one position: rank, feature, cosine, label.
    static func matches(_ matches: [FeatureDossier.Match], _ context: ReportContext) throws -> HTMLFragment {
        let w = MarkupWriter(syntax: .htmlImpliedEnds)
        for match in matches {
            w.start("tr")
            w.element("td", text: String(match.rank))
            linkCell(w, match.id, context)
            w.element("td", text: PageValues.cosine(match.cosine))
            w.element("td", text: label(match.id, context))
            w.end()
        }
        return HTMLFragment(html: try w.finish())
    }

    /// The direct descendants as list items: feature (cosine).
    static func descendants(_ links: [FeatureDossier.Link], _ context: ReportContext) throws -> HTMLFragment {
        let w = MarkupWriter(syntax: .htmlImpliedEnds)
        for descendant in links {
            w.start("li")
            link(w, descendant.id, context)
            w.text(" (\(PageValues.cosine(descendant.cosine)))")
            w.end()
        }
        return HTMLFragment(html: try w.finish())
    }

    /// The steering plan by layer: layer, coefficient, and each feature with its scale.
    static func steering(_ plan: SteeringPlan, _ context: ReportContext) throws -> HTMLFragment {
        let w = MarkupWriter(syntax: .htmlImpliedEnds)
        for layer in plan.layers {
            let entries = plan.entries.filter { $0.layer == layer }
            w.start("tr")
            w.element("td", text: String(layer))
            w.element("td", text: Fmt.score(entries.first?.coefficient, digits: 3))
            w.start("td")
            for (position, entry) in entries.enumerated() {
                if position > 0 { w.text(" ") }
                link(w, FeatureID(layer: entry.layer, hookSite: entry.hookSite, index: entry.feature), context)
                w.text(" ×\(Fmt.score(entry.scale, digits: 3))")
            }
            w.end()
            w.end()
        }
        return HTMLFragment(html: try w.finish())
    }

    /// The residual features a module feature feeds: feature, class, cosine, label.
    static func claims(_ links: [FeatureDossier.Link], _ context: ReportContext) throws -> HTMLFragment {
        let w = MarkupWriter(syntax: .htmlImpliedEnds)
        for claim in links {
            w.start("tr")
            linkCell(w, claim.id, context)
            classCell(w, context.analysis.classification.originClass(of: claim.id))
            w.element("td", text: PageValues.cosine(claim.cosine))
            w.element("td", text: label(claim.id, context))
            w.end()
        }
        return HTMLFragment(html: try w.finish())
    }

    /// The flow diagram's legend as list items: each class (its `c-` class draws the glyph), the seed ring and a
    /// weak link.
    static func legend() throws -> HTMLFragment {
        let w = MarkupWriter(syntax: .htmlImpliedEnds)
        for nodeClass in FlowNodeClass.allCases {
            w.start("li")
            w.attribute("class", nodeClass.cssClass)
            w.text(nodeClass.title)
            w.end()
        }
        for (cssClass, title) in [
            ("legend-seed", "seed"), ("legend-weak", "weak link (dashed)"),
            ("legend-aside", "context: not this feature's flow (faint, dotted)"),
        ] {
            w.start("li")
            w.attribute("class", cssClass)
            w.text(title)
            w.end()
        }
        return HTMLFragment(html: try w.finish())
    }

    /// A link to the page of `id` (from inside `features/`), or its id as `<code>` when it has no page.
    static func link(_ w: MarkupWriter, _ id: FeatureID, _ context: ReportContext) {
        if context.selection.hasPage(id) {
            w.start("a")
            w.attribute("href", SiteLinks.featureFile(id))
        } else {
            w.start("code")
        }
        w.text(id.description)
        w.end()
    }

    /// Just the link to `id`, as HTML.
    static func link(_ id: FeatureID, _ context: ReportContext) throws -> HTMLFragment {
        let w = MarkupWriter(syntax: .html)
        link(w, id, context)
        return HTMLFragment(html: try w.finish())
    }

    static func linkCell(_ w: MarkupWriter, _ id: FeatureID, _ context: ReportContext) {
        w.start("td")
        link(w, id, context)
        w.end()
    }

    /// A cell naming a class; its `c-` class draws the class's glyph before the name (`site.css`).
    static func classCell(_ w: MarkupWriter, _ originClass: OriginClass?) {
        let badge = PageValues.badge(originClass)
        w.start("td")
        w.attribute("class", badge.cssClass)
        w.text(badge.title)
        w.end()
    }

    static func label(_ id: FeatureID, _ context: ReportContext) -> String { context.labels[id].first?.text ?? "" }
}
