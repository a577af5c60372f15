import CanonicalOutput
import FlowCore

/// The planted truth about one residual feature `layer/res/index`.
public struct PlantedFeature: Sendable, Codable, Equatable {
    /// Layer L.
    public var layer: Int
    /// Row of R_L's decoder.
    public var index: Int
    /// The class the METHOD.md §3 rule gives from the planted cosines alone (t = 0.25; absent links count 0).
    public var plantedClass: OriginClass
    /// How the generator built the vector.
    public var recipe: PlantedRecipe
    /// True when one planted cosine was drawn on purpose from 0.15–0.35 (thresholds decide these).
    public var nearThreshold: Bool
    /// The planted predecessors, with the actual cosine between the written rows.
    public var planted: PlantedLinks
    /// The brute-force top-1 of each position (Double, over every row); nil when this feature was not checked.
    public var top: PlantedLinks?
    /// Whether the brute-force check ran for this feature.
    public var checked: Bool
    /// Checked, every planted cosine at least `clearMargin` from 0.25, each planted predecessor the true top-1
    /// (beating the runner-up by `top1Margin`), and every position without a planted link below 0.25 − margin.
    /// A matcher and the classifier at 0.25 must recover every clear feature exactly.
    public var clear: Bool
    /// The chain (lineage of planted residual links) this feature belongs to.
    public var chain: Int
    /// The chain's theme, used for labels.
    public var theme: String
    /// The human-readable label written to labels.jsonl.
    public var label: String

    enum CodingKeys: String, CodingKey {
        case layer, index, recipe, nearThreshold, planted, top, checked, clear, chain, theme, label
        case plantedClass = "class"
    }

    /// A planted feature.
    public init(
        layer: Int, index: Int, plantedClass: OriginClass, recipe: PlantedRecipe, nearThreshold: Bool,
        planted: PlantedLinks, top: PlantedLinks?, checked: Bool, clear: Bool, chain: Int, theme: String,
        label: String
    ) {
        self.layer = layer
        self.index = index
        self.plantedClass = plantedClass
        self.recipe = recipe
        self.nearThreshold = nearThreshold
        self.planted = planted
        self.top = top
        self.checked = checked
        self.clear = clear
        self.chain = chain
        self.theme = theme
        self.label = label
    }

    /// `L/res/i`.
    public var id: FeatureID { FeatureID(layer: layer, hookSite: .res, index: index) }

    /// The truth.json object (sorted keys, 6-decimal cosines).
    public var json: JSONValue {
        .object([
            "layer": .int(layer), "index": .int(index), "class": .string(plantedClass.rawValue),
            "recipe": .string(recipe.rawValue), "nearThreshold": .bool(nearThreshold), "planted": planted.json,
            "top": top?.json ?? .null, "checked": .bool(checked), "clear": .bool(clear), "chain": .int(chain),
            "theme": .string(theme), "label": .string(label),
        ])
    }
}
