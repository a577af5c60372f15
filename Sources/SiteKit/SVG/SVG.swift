import XMLSupport

/// Small constructors for the SVG elements the charts use; every value goes through libxml2 when serialised.
public enum SVG {
    /// The SVG namespace.
    public static let namespace = "http://www.w3.org/2000/svg"

    /// A root `<svg>`: natural size, scalable viewBox, a role (`img` for pictures, `group` when it holds links a
    /// screen reader must reach) and an accessible name.
    public static func root(width: Double, height: Double, label: String, cssClass: String, role: String = "img")
        -> MarkupElement
    {
        let w = SVGNumber.coordinate(width)
        let h = SVGNumber.coordinate(height)
        return MarkupElement(
            "svg",
            [
                "viewBox": "0 0 \(w) \(h)", "width": w, "height": h, "role": role,
                "aria-label": clean(label), "class": cssClass, "font-family": "system-ui, sans-serif",
                "font-size": "11",
            ], namespace: namespace)
    }

    /// `<title>` with `text`.
    public static func title(_ text: String) -> MarkupElement {
        MarkupElement("title", children: [.text(clean(text))])
    }

    /// Font sizes per text class, written as presentation attributes so standalone SVG files read well too.
    public static let fontSizes: [String: String] = [
        "column-title": "12", "lane-title": "12", "panel-title": "12", "axis-title": "12", "node-index": "10",
        "node-label": "9", "edge-label": "9",
    ]

    /// Text classes drawn over edges, which get a halo.
    public static let haloClasses: Set<String> = ["node-index", "node-label", "edge-label"]

    /// `<text>` at (x, y) with a CSS class and anchor.
    public static func text(_ content: String, x: Double, y: Double, cssClass: String, anchor: String = "middle")
        -> MarkupElement
    {
        var element = MarkupElement(
            "text",
            [
                "x": SVGNumber.coordinate(x), "y": SVGNumber.coordinate(y), "class": cssClass,
                "text-anchor": anchor,
            ], children: [.text(clean(content))])
        if let size = fontSizes[cssClass] { element[attribute: "font-size"] = size }
        if haloClasses.contains(cssClass) {
            // A halo in the background colour keeps text readable where edges cross it (themed by the stylesheet).
            element[attribute: "stroke"] = "#ffffff"
            element[attribute: "stroke-width"] = "3"
            element[attribute: "paint-order"] = "stroke"
        }
        return element
    }

    /// `<rect>`.
    public static func rect(x: Double, y: Double, width: Double, height: Double, cssClass: String, fill: String? = nil)
        -> MarkupElement
    {
        var element = MarkupElement(
            "rect",
            [
                "x": SVGNumber.coordinate(x), "y": SVGNumber.coordinate(y),
                "width": SVGNumber.coordinate(max(0, width)), "height": SVGNumber.coordinate(max(0, height)),
                "class": cssClass,
            ])
        if let fill { element[attribute: "fill"] = fill }
        return element
    }

    /// `<line>`.
    public static func line(x1: Double, y1: Double, x2: Double, y2: Double, cssClass: String) -> MarkupElement {
        MarkupElement(
            "line",
            [
                "x1": SVGNumber.coordinate(x1), "y1": SVGNumber.coordinate(y1), "x2": SVGNumber.coordinate(x2),
                "y2": SVGNumber.coordinate(y2), "class": cssClass,
            ])
    }

    /// A link around `content` when `href` is a safe URL, else a plain group.
    public static func link(_ href: String?, cssClass: String, children: [MarkupElement]) -> MarkupElement {
        if let href, isSafeHref(href) {
            return MarkupElement("a", ["href": href, "class": cssClass], children: children.map { .element($0) })
        }
        return MarkupElement("g", ["class": cssClass], children: children.map { .element($0) })
    }

    /// False for `javascript:`/`vbscript:`/`data:` URLs (whatever the case or leading blanks).
    public static func isSafeHref(_ href: String) -> Bool {
        let lowered = String(href.drop { $0 == " " || $0 == "\t" || $0 == "\n" }).lowercased()
        return !(lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:") || lowered.hasPrefix("data:"))
    }

    /// Collapses runs of whitespace (newlines, tabs) to one space and trims the ends.
    public static func clean(_ text: String) -> String {
        guard needsCleaning(text) else { return text }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// False when `text` has no whitespace but single inner spaces, decided on its UTF-8 bytes (the Character-level
    /// split is slow, and titles are cleaned for every node and edge of every diagram): only the lead bytes C2, E1,
    /// E2 and E3 can start a non-ASCII whitespace scalar, and only those scalars are decoded.
    public static func needsCleaning(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var previousSpace = true  // a leading space needs cleaning
            for (index, byte) in bytes.enumerated() {
                if byte == 0x20 {
                    if previousSpace { return true }
                    previousSpace = true
                } else if byte < 0x20 {
                    return true  // other whitespace (and controls, which the slow path handles the same way)
                } else if byte == 0xC2 || (0xE1...0xE3).contains(byte),
                    isOtherWhitespace(scalarValue(bytes, at: index, length: byte == 0xC2 ? 2 : 3))
                {
                    return true
                } else {
                    previousSpace = false
                }
            }
            return previousSpace && !bytes.isEmpty
        }
    }

    /// The non-ASCII whitespace scalars `clean` collapses.
    private static func isOtherWhitespace(_ value: UInt32) -> Bool {
        value == 0x85 || value == 0xA0 || value == 0x1680 || (0x2000...0x200A).contains(value) || value == 0x2028
            || value == 0x2029 || value == 0x202F || value == 0x205F || value == 0x3000
    }

    /// The scalar encoded by the `length` (2 or 3) UTF-8 bytes at `index` of valid UTF-8 `bytes`.
    private static func scalarValue(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> UInt32 {
        let continuation = { (offset: Int) in UInt32(bytes[index + offset] & 0x3F) }
        if length == 2 { return UInt32(bytes[index] & 0x1F) << 6 | continuation(1) }
        return UInt32(bytes[index] & 0x0F) << 12 | continuation(1) << 6 | continuation(2)
    }

    /// At most `limit` characters of `text` (whole grapheme clusters), with "…" when cut.
    public static func truncated(_ text: String, limit: Int) -> String {
        let cleaned = clean(text)
        guard cleaned.utf8.count > limit, cleaned.count > limit else { return cleaned }
        return String(cleaned.prefix(max(1, limit - 1))) + "…"
    }

    /// The element drawing `shape` centred at (x, y) with radius about r.
    public static func shape(_ shape: FlowNodeShape, x: Double, y: Double, r: Double, cssClass: String, fill: String)
        -> MarkupElement
    {
        func c(_ value: Double) -> String { SVGNumber.coordinate(value) }
        func polygon(_ points: [(Double, Double)]) -> MarkupElement {
            MarkupElement(
                "polygon",
                [
                    "points": points.map { "\(c($0.0)),\(c($0.1))" }.joined(separator: " "), "class": cssClass,
                    "fill": fill,
                ])
        }
        switch shape {
        case .circle:
            return MarkupElement("circle", ["cx": c(x), "cy": c(y), "r": c(r), "class": cssClass, "fill": fill])
        case .square:
            let s = r * 0.85
            return rect(x: x - s, y: y - s, width: 2 * s, height: 2 * s, cssClass: cssClass, fill: fill)
        case .diamond:
            let d = r * 1.15
            return polygon([(x, y - d), (x + d, y), (x, y + d), (x - d, y)])
        case .triangleUp:
            return polygon([(x, y - r * 1.1), (x + r * 1.05, y + r * 0.8), (x - r * 1.05, y + r * 0.8)])
        case .triangleDown:
            return polygon([(x, y + r * 1.1), (x + r * 1.05, y - r * 0.8), (x - r * 1.05, y - r * 0.8)])
        case .hexagon:
            let h = r * 0.866
            return polygon([
                (x - r, y), (x - r / 2, y - h), (x + r / 2, y - h), (x + r, y), (x + r / 2, y + h), (x - r / 2, y + h),
            ])
        case .roundedBar:
            var bar = rect(
                x: x - r * 1.3, y: y - r * 0.6, width: r * 2.6, height: r * 1.2, cssClass: cssClass, fill: fill)
            bar[attribute: "rx"] = c(r * 0.6)
            return bar
        }
    }
}
