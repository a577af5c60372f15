import SiteKit

/// The template model of a layer's page (`layer.mustache`).
struct LayerPageModel: Codable {
    /// One origin class with its top features.
    struct ClassGroup: Codable {
        /// The class.
        var `class`: ClassBadge
        /// Features of the class at this layer.
        var count: Int
        /// Their share ("12.5").
        var percent: String
        /// The top features.
        var rows: [Row]
        /// Whether the class has more features than listed.
        var more: Bool
    }

    /// One listed feature (the `featurelink` partial's keys, then its scores).
    struct Row: Codable {
        /// The feature's id.
        var id: String
        /// Whether it has a page.
        var hasPage: Bool
        /// Its page ("" without one).
        var href: String
        /// Its first label ("" without one).
        var label: String
        /// Whether it has a label.
        var hasLabel: Bool
        /// s(R).
        var sR: String
        /// s(M).
        var sM: String
        /// s(A).
        var sA: String
        /// Its lifespan ("3–7", "-").
        var lifespan: String
    }

    /// One SAE of the layer.
    struct SAE: Codable {
        /// res, mlp or att.
        var site: String
        /// Its hook.
        var hook: String
        /// Its width.
        var dSAE: Int
        /// Its file format.
        var format: String
    }

    /// The previous or next layer.
    struct Neighbour: Codable {
        /// Its number.
        var layer: Int
        /// Its page.
        var href: String
    }

    /// The layer.
    var layer: Int
    /// Residual features.
    var featureCount: Int
    /// Classes with their top features.
    var classes: [ClassGroup]
    /// Score histograms (SVG).
    var histograms: HTMLFragment
    /// Chains born here.
    var births: Int
    /// Chains ending here.
    var ends: Int
    /// The thresholds, as prose.
    var thresholds: String
    /// The layer CSV.
    var csv: String
    /// Features listed per class.
    var listed: Int
    /// Caveats of the layer.
    var notes: [String]
    /// Its SAEs.
    var saes: [SAE]
    /// Run-time evidence.
    var evidence: EvidenceSummary?
    /// The previous layer.
    var previous: Neighbour?
    /// The next layer.
    var next: Neighbour?
}
