import SiteKit

/// The template model of the evidence part of the index and layer pages (the `evidence` section, with the `quality`
/// partial): per-SAE quality, and on a layer page its activation-group bars.
struct EvidenceSummary: Codable {
    /// One SAE's quality on the evidence text.
    struct Quality: Codable {
        /// Its layer.
        var layer: Int
        /// res, mlp or att.
        var site: String
        /// Evidence tokens.
        var tokens: String
        /// Fraction of variance explained.
        var fve: String
        /// Mean active features per token.
        var l0: String
        /// Share of dead features.
        var dead: String
        /// Share of dense features.
        var dense: String
        /// Whether FVE is below the warning level.
        var low: Bool
    }

    /// One row of the group table: a layer and predecessor count, its events and each group's share.
    struct GroupRow: Codable {
        /// The layer.
        var layer: Int
        /// Predecessors considered (1 or 5).
        var k: Int
        /// Events counted.
        var events: String
        /// Each group's share, in the declared order.
        var shares: [String]
    }

    /// A group's name and colour index.
    struct LegendItem: Codable {
        /// The group's name.
        var name: String
        /// Its colour (`k<index>`).
        var index: Int
    }

    /// Quality rows.
    var quality: [Quality]
    /// Warnings for SAEs with low FVE.
    var qualityWarnings: [String]
    /// The Evidence page.
    var href: String
    /// Evidence tokens.
    var tokens: String
    /// The text sources.
    var texts: String
    /// The layer's group bars (SVG); nil on the index or without groups.
    var groupChart: HTMLFragment?
    /// The layer's group table.
    var groupRows: [GroupRow]?
    /// The groups' legend.
    var legend: [LegendItem]?
}
