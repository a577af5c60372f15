/// How a node of a flow diagram came to be (METHOD.md §3), plus `moduleLeaf` for MLP/attention leaves.
/// Each class has a colour from the Okabe–Ito palette *and* a shape (and a fill pattern in bar charts), so it never
/// relies on colour alone.
public enum FlowNodeClass: String, CaseIterable, Hashable, Sendable {
    /// Carried over from the previous residual stream (persistence).
    case translated
    /// An existing feature changed by the MLP or attention (transformation).
    case processed
    /// Created by the layer's MLP.
    case newbornMLP = "newborn-mlp"
    /// Created by the layer's attention.
    case newbornAttention = "newborn-att"
    /// Created by both MLP and attention.
    case newbornBoth = "newborn-both"
    /// No weight-level predecessor.
    case unexplained
    /// An MLP or attention feature attached to the residual spine (a leaf).
    case moduleLeaf = "module-leaf"

    /// Human name, e.g. "newborn (MLP)".
    public var title: String {
        switch self {
        case .translated: return "translated"
        case .processed: return "processed"
        case .newbornMLP: return "newborn (MLP)"
        case .newbornAttention: return "newborn (attention)"
        case .newbornBoth: return "newborn (both)"
        case .unexplained: return "unexplained"
        case .moduleLeaf: return "module leaf"
        }
    }

    /// A short code (`t` translated, `p` processed, `nm`/`na`/`nb` newborn MLP/attention/both, `u` unexplained, `m`
    /// module leaf), for class names and glyph ids written many times per page.
    public var code: String {
        switch self {
        case .translated: return "t"
        case .processed: return "p"
        case .newbornMLP: return "nm"
        case .newbornAttention: return "na"
        case .newbornBoth: return "nb"
        case .unexplained: return "u"
        case .moduleLeaf: return "m"
        }
    }

    /// The CSS class carrying the colour and the glyph of text badges (`c-t`, …); the stylesheet themes it for dark
    /// mode.
    public var cssClass: String { "c-" + code }

    /// Light-theme fill (Okabe–Ito), written as a presentation attribute so standalone SVG files have colour too.
    public var color: String {
        switch self {
        case .translated: return "#0072B2"  // blue
        case .processed: return "#E69F00"  // orange
        case .newbornMLP: return "#009E73"  // bluish green
        case .newbornAttention: return "#CC79A7"  // reddish purple
        case .newbornBoth: return "#D55E00"  // vermillion
        case .unexplained: return "#999999"  // grey
        case .moduleLeaf: return "#F0E442"  // yellow
        }
    }

    /// The node shape, so class is readable without colour.
    public var shape: FlowNodeShape {
        switch self {
        case .translated: return .circle
        case .processed: return .diamond
        case .newbornMLP: return .triangleUp
        case .newbornAttention: return .triangleDown
        case .newbornBoth: return .hexagon
        case .unexplained: return .square
        case .moduleLeaf: return .roundedBar
        }
    }
}
