import CanonicalOutput
import FlowCore

/// A link from a residual feature to one feature of a predecessor SAE, with the cosine between the two
/// decoder rows as written (computed in Double from the stored values).
public struct PlantedLink: Sendable, Codable, Equatable {
    /// Row of the predecessor SAE's decoder.
    public var index: Int
    /// Cosine between the two decoder rows.
    public var cosine: Double

    /// A link.
    public init(index: Int, cosine: Double) {
        self.index = index
        self.cosine = cosine
    }

    /// `{"cosine": …, "index": …}` with 6 decimals.
    public var json: JSONValue { .object(["index": .int(index), "cosine": .double(cosine, decimals: 6)]) }
}
