import XMLSupport

/// Fill patterns per class for bar charts (so a class is told apart by texture as well as colour).
public enum ClassPatterns {
    /// The id of the pattern for `nodeClass` under `prefix`.
    public static func id(_ nodeClass: FlowNodeClass, prefix: String) -> String {
        "\(prefix)-pat-\(nodeClass.rawValue)"
    }

    /// `<defs>` with one `<pattern>` per class.
    public static func defs(prefix: String) -> MarkupElement {
        var defs = MarkupElement("defs")
        for nodeClass in FlowNodeClass.allCases {
            var pattern = MarkupElement(
                "pattern",
                ["id": id(nodeClass, prefix: prefix), "width": "8", "height": "8", "patternUnits": "userSpaceOnUse"])
            pattern.append(
                SVG.rect(x: 0, y: 0, width: 8, height: 8, cssClass: nodeClass.cssClass, fill: nodeClass.color))
            if let marks = marks(nodeClass) {
                var ink = marks
                ink[attribute: "class"] = "pattern-ink"
                pattern.append(ink)
            }
            defs.append(pattern)
        }
        return defs
    }

    /// The marks drawn over the class colour (nil: solid).
    public static func marks(_ nodeClass: FlowNodeClass) -> MarkupElement? {
        func path(_ d: String) -> MarkupElement {
            MarkupElement(
                "path", ["d": d, "stroke": "#ffffff", "stroke-width": "1.5", "stroke-opacity": "0.8", "fill": "none"])
        }
        switch nodeClass {
        case .translated: return nil
        case .processed: return path("M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6")
        case .newbornMLP:
            return MarkupElement(
                "circle", ["cx": "4", "cy": "4", "r": "1.6", "fill": "#ffffff", "fill-opacity": "0.85"])
        case .newbornAttention: return path("M0,4 L8,4")
        case .newbornBoth: return path("M0,8 L8,0 M0,0 L8,8")
        case .unexplained: return path("M4,0 L4,8")
        case .moduleLeaf: return path("M0,2 L8,2 M0,6 L8,6")
        }
    }

    /// A legend swatch filled with the class pattern.
    public static func swatch(_ nodeClass: FlowNodeClass, prefix: String, x: Double, y: Double) -> MarkupElement {
        var rect = SVG.rect(
            x: x, y: y, width: 14, height: 14, cssClass: "swatch", fill: "url(#\(id(nodeClass, prefix: prefix)))")
        rect[attribute: "stroke"] = "#333333"
        return rect
    }
}
