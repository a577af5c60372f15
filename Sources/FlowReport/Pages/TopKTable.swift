import FlowCore
import SiteKit

/// Every stored match (all ranks) of the residual features of the layers loaded, held in flat arrays
/// so pages can be rendered in parallel without touching SQLite.
public struct TopKTable: Sendable {
    /// One ranked match.
    public struct Entry: Sendable, Equatable {
        public var rank: Int
        public var id: FeatureID
        public var cosine: Float
    }

    private var entries: [FeatureID: [MatchPosition: [Entry]]] = [:]

    /// An empty table (pages list no ranked matches).
    public init() {}

    /// Loads the matches of `features` (grouped by layer, one query per layer).
    public init(database: FlowDatabase, features: [FeatureID]) throws {
        let wanted = Set(features)
        for layer in Set(features.map(\.layer)).sorted() {
            try database.forEachMatch(layer: layer) { row in
                let id = FeatureID(layer: row.layer, hookSite: .res, index: row.feature)
                guard wanted.contains(id) else { return }
                let position = MatchPosition(hookSite: row.hookSite, direction: row.direction)
                entries[id, default: [:]][position, default: []].append(
                    Entry(
                        rank: row.rank, id: position.candidate(layer: row.layer, index: row.candidate),
                        cosine: Float(row.cosine)))
            }
        }
    }

    /// The ranked matches of `feature` at `position` (empty when that position was not matched).
    public func matches(of feature: FeatureID, at position: MatchPosition) -> [Entry] {
        entries[feature]?[position] ?? []
    }
}
