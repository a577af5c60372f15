/// The glyph a node class is drawn with (shape carries the class for readers who cannot tell the colours apart).
public enum FlowNodeShape: String, CaseIterable, Hashable, Sendable {
    /// A circle.
    case circle
    /// A square rotated by 45°.
    case diamond
    /// A triangle pointing up.
    case triangleUp
    /// A triangle pointing down.
    case triangleDown
    /// A regular hexagon.
    case hexagon
    /// An axis-aligned square.
    case square
    /// A wide rectangle with rounded ends.
    case roundedBar
}
