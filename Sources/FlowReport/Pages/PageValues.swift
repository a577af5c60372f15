import FlowCore

/// Small template values shared by the page builders (all numbers pre-formatted, so output is fixed).
enum PageValues {
    /// A link to a feature: its id, page (when rendered), first label.
    static func feature(_ id: FeatureID, _ context: ReportContext, root: String) -> [String: Any] {
        var value: [String: Any] = ["id": id.description]
        if context.selection.hasPage(id) { value["href"] = root + SiteLinks.featurePage(id) }
        if let label = context.labels[id].first { value["label"] = label.text }
        return value
    }

    /// A class badge: key (CSS), title, and the glyph shown beside it so class never relies on colour.
    static func originClass(_ originClass: OriginClass?) -> [String: Any] {
        guard let originClass else { return ["key": "module-leaf", "title": "module feature", "glyph": "▬"] }
        return ["key": originClass.rawValue, "title": originClass.title, "glyph": glyph(originClass)]
    }

    /// The glyph of each class, matching the shapes of the flow diagram.
    static func glyph(_ originClass: OriginClass) -> String {
        switch originClass {
        case .translated: return "●"
        case .processed: return "◆"
        case .newbornMLP: return "▲"
        case .newbornAtt: return "▼"
        case .newbornBoth: return "⬢"
        case .unexplained: return "■"
        }
    }

    /// Cosine with two decimals.
    static func cosine(_ value: Float?) -> String { Fmt.score(value) }
}
