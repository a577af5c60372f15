import CanonicalOutput
import FlowCore
import SiteKit

/// Small template values shared by the page builders (all numbers pre-formatted, so output is fixed).
enum PageValues {
    /// A link to a feature: its id, page (when rendered), first label. `base` is the path from the
    /// linking page to the `features/` folder. Every key is always present (Mustache looks a missing key
    /// up in the enclosing context, which would borrow a parent's link).
    static func feature(_ id: FeatureID, _ context: ReportContext, base: String) -> [String: Any] {
        let hasPage = context.selection.hasPage(id)
        let label = context.labels[id].first?.text ?? ""
        return [
            "id": id.description, "hasPage": hasPage, "href": hasPage ? base + SiteLinks.featureFile(id) : "",
            "label": label, "hasLabel": !label.isEmpty,
        ]
    }

    /// A class badge for templates: key (the search page's class value), CSS class (draws the glyph, so class never
    /// relies on colour) and title.
    static func originClass(_ originClass: OriginClass?) -> [String: Any] {
        let badge = badge(originClass)
        return ["key": originClass?.rawValue ?? "module-leaf", "cssClass": badge.cssClass, "title": badge.title]
    }

    /// The CSS class (`FlowNodeClass.cssClass`) and title of a class badge (nil: a module feature).
    static func badge(_ originClass: OriginClass?) -> (cssClass: String, title: String) {
        guard let originClass else { return (FlowNodeClass.moduleLeaf.cssClass, "module feature") }
        return (FlowNodeClass(originClass).cssClass, originClass.title)
    }

    /// A label with who wrote it.
    static func label(_ label: FeatureLabel) -> [String: Any] {
        let explainer = label.explainer ?? ""
        return ["text": label.text, "explainer": explainer, "hasExplainer": !explainer.isEmpty, "source": label.source]
    }

    /// Cosine with two decimals.
    static func cosine(_ value: Float?) -> String { Fmt.score(value) }

    /// The lifespan threshold as prose: "0.25", or "the t_R of each layer" under a quantile mode.
    static func persistence(_ analysis: FlowAnalysis) -> String {
        analysis.lifespans.layerThresholds.isEmpty ? Fmt.score(analysis.lifespans.threshold) : "the t_R of each layer"
    }

    /// A share as a percentage: "31 %", "4.2 %", "0.07 %".
    static func percent(_ share: Double) -> String {
        let value = share * 100
        let digits = value >= 10 ? 0 : value >= 0.1 || value == 0 ? 1 : 2
        return Fmt.fixed(value, digits: digits) + " %"
    }

    /// An integer with thousands separators ("100,000").
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }
}
