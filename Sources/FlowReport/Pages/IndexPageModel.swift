import SiteKit

/// The template model of the overview page (`index.mustache`).
struct IndexPageModel: Codable {
    /// One SAE read.
    struct SAE: Codable {
        /// Its layer and position.
        var layer: Int
        var site: String
        /// Its file format and hook.
        var format: String
        var hook: String
        /// Input and feature widths.
        var dIn: Int
        var dSAE: Int
        /// Its dtype and architecture.
        var dtype: String
        var architecture: String
        /// Its file, checksum and short checksum.
        var path: String
        var sha256: String
        var sha: String
        /// Its Neuronpedia id ("" without).
        var neuronpedia: String
        /// Whether its decoder was projected for matching.
        var projected: Bool
    }

    /// One layer's class counts.
    struct Layer: Codable {
        var layer: Int
        var href: String
        var features: Int
        var translated: Int
        var processed: Int
        var newbornMLP: Int
        var newbornAtt: Int
        var newbornBoth: Int
        var unexplained: Int
        var unknown: Int
        /// "t_R / t_M / t_A".
        var thresholds: String
    }

    /// The tool version.
    var version: String
    /// The models named by the SAEs' Neuronpedia ids.
    var model: String
    var hasModel: Bool
    /// The SAEs.
    var saes: [SAE]
    /// The threshold mode and the matching modes.
    var mode: String
    var matchModes: String
    /// Thresholds as prose.
    var persistence: String
    var leafThreshold: String
    var strongLink: String
    var steeringLeaf: String
    /// Charts (SVG).
    var classBars: HTMLFragment
    var histograms: HTMLFragment
    /// Per layer.
    var layers: [Layer]
    /// The reported classes.
    var classes: [ClassBadge]
    /// Whether a gap leaves origins unknown.
    var hasUnknown: Bool
    /// Caveats and warnings.
    var gaps: [String]
    var uncertain: [String]
    var revisions: [String]
    var warnings: [String]
    /// Pages rendered.
    var rendered: Int
    var residualTotal: Int
    var modules: Int
    var complete: Bool
    var labelled: Int
    /// The seeds.
    var seeds: [FeatureLinkRow]
    /// The published database.
    var database: String
    var hasDatabase: Bool
    /// Run-time evidence.
    var evidence: EvidenceSummary?
}
