import CanonicalOutput
import FlowCore

/// A lineage of residual features linked by planted R_{L-1} → R_L links (translated or processed).
public struct PlantedChain: Sendable, Codable, Equatable {
    /// Chain number (order of birth).
    public var id: Int
    /// Theme used in labels.
    public var theme: String
    /// Layer of the first feature.
    public var birthLayer: Int
    /// Layer of the last feature (the chain dies after it, or the model ends).
    public var lastLayer: Int
    /// Class of the first feature (how it was born).
    public var birthClass: OriginClass
    /// True when the generator planned it to live from birth to a chosen layer (long lifespans).
    public var planned: Bool

    /// A chain.
    public init(id: Int, theme: String, birthLayer: Int, lastLayer: Int, birthClass: OriginClass, planned: Bool) {
        self.id = id
        self.theme = theme
        self.birthLayer = birthLayer
        self.lastLayer = lastLayer
        self.birthClass = birthClass
        self.planned = planned
    }

    /// Number of layers from birth to the last feature.
    public var lifespan: Int { lastLayer - birthLayer + 1 }

    /// The truth.json object.
    public var json: JSONValue {
        .object([
            "id": .int(id), "theme": .string(theme), "birthLayer": .int(birthLayer), "lastLayer": .int(lastLayer),
            "birthClass": .string(birthClass.rawValue), "planned": .bool(planned),
        ])
    }
}
