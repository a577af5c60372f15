import XMLSupport

/// Makes an SVG for inlining in a page smaller: drops the presentation attributes that the site stylesheet supplies
/// (colours, strokes, font sizes, halos, dashes), keeping data-dependent ones (pattern fills, edge widths) and
/// everything inside `<defs>`. Standalone SVG files keep them all, so they read well without the stylesheet.
public enum SVGCompactor {
    /// Attributes the stylesheet (`site.css`) provides for every element that carries a theming class.
    public static let themed: Set<String> = [
        "fill", "stroke", "font-size", "font-family", "paint-order", "stroke-dasharray", "stroke-opacity",
    ]

    /// `svg` without themed presentation attributes (outside `<defs>`), `text-anchor="middle"` inherited from the root.
    public static func inline(_ svg: MarkupElement) -> MarkupElement {
        var root = compact(svg)
        root[attribute: "text-anchor"] = "middle"
        return root
    }

    public static func compact(_ element: MarkupElement) -> MarkupElement {
        guard element.name != "defs" else { return element }
        var result = element
        let isEdgeLine = element[attribute: "class"] == "edge-line"
        result.attributes.removeAll { attribute in
            if attribute.name == "fill" && attribute.value.hasPrefix("url(") { return false }
            if attribute.name == "text-anchor" { return attribute.value == "middle" }
            if attribute.name == "stroke-width" { return !isEdgeLine }
            return themed.contains(attribute.name)
        }
        result.children = element.children.map { child in
            if case .element(let inner) = child { return .element(compact(inner)) }
            return child
        }
        return result
    }
}
