import FlowCore

/// How the generator built a residual feature (the intent; the class follows from the cosines it reached).
public enum PlantedRecipe: String, Sendable, Codable, CaseIterable {
    /// A small rotation of one R_{L-1} feature.
    case translated
    /// A mixture of one R_{L-1} feature and one M_L feature.
    case processedMLP = "processed-mlp"
    /// A mixture of one R_{L-1} feature and one A_L feature.
    case processedAtt = "processed-att"
    /// A mixture of one R_{L-1}, one M_L and one A_L feature.
    case processedBoth = "processed-both"
    /// Close to one M_L feature.
    case newbornMLP = "newborn-mlp"
    /// Close to one A_L feature.
    case newbornAtt = "newborn-att"
    /// Close to one M_L and one A_L feature.
    case newbornBoth = "newborn-both"
    /// A random direction.
    case unexplained

    /// Whether the recipe links to R_{L-1}.
    public var usesRes: Bool {
        self == .translated || self == .processedMLP || self == .processedAtt || self == .processedBoth
    }
    /// Whether the recipe links to M_L.
    public var usesMLP: Bool {
        self == .processedMLP || self == .processedBoth || self == .newbornMLP || self == .newbornBoth
    }
    /// Whether the recipe links to A_L.
    public var usesAtt: Bool {
        self == .processedAtt || self == .processedBoth || self == .newbornAtt || self == .newbornBoth
    }
}
