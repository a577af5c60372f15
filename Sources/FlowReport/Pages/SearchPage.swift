import FlowCore
import SiteKit

/// The search page and its index (a script file, so search works from file:// without fetch).
enum SearchPage {
    /// Where the index goes.
    static let indexPath = "assets/search-index.js"

    static func model(_ context: ReportContext) -> PageModel {
        PageModel(
            path: "search.html", title: "Search", template: "search",
            model: SearchPageModel(
                classes: context.analysis.classification.reportedClasses.map(ClassBadge.init),
                layers: context.analysis.table.layerNumbers),
            description: "Search features by id, label, class and layer")
    }

    /// `window.FEATUREFLOW_INDEX = [[id, label, class, layer, href], …];` for every page, sorted by id.
    static func index(_ context: ReportContext) -> String {
        var lines: [String] = []
        for id in context.selection.residual + context.selection.modules {
            let originClass =
                context.analysis.classification.originClass(of: id)?.rawValue ?? "module-\(id.hookSite.rawValue)"
            var label = context.labels[id].map(\.text).joined(separator: " | ")
            if label.isEmpty, let provisional = FeatureEvidence.provisionalLabel(id, context: context) {
                label = "provisional: " + provisional
            }
            let row = [
                JavaScript.string(id.description), JavaScript.string(label), JavaScript.string(originClass),
                String(id.layer), JavaScript.string(SiteLinks.featurePage(id)),
            ]
            lines.append("[" + row.joined(separator: ",") + "]")
        }
        return "window.FEATUREFLOW_INDEX = [\n" + lines.joined(separator: ",\n") + "\n];\n"
    }
}

/// JavaScript string literals that are safe inside a script file (and even inside HTML).
enum JavaScript {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in SiteText.sanitized(text).unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "'", "\u{2028}", "\u{2029}":
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
