import SiteKit

/// The template model of a residual feature's page (`feature.mustache`): every value the template reads, typed; a
/// nil optional leaves its section out.
struct FeaturePageModel: Codable {
    /// One origin score against its threshold.
    struct Score: Codable {
        /// `s(R)`, `s(M)` or `s(A)`.
        var name: String
        /// What it compares with.
        var position: String
        /// The cosine ("—" without an SAE).
        var value: String
        /// The layer's threshold.
        var threshold: String
        /// "above", "below" or "no SAE".
        var verdict: String
    }

    /// The best match one layer below the birth, under the threshold.
    struct Below: Codable {
        /// A link to it.
        var link: HTMLFragment
        /// Its cosine.
        var cosine: String
        /// The threshold it misses.
        var threshold: String
    }

    /// The lifespan line.
    struct Lifespan: Codable {
        /// First layer.
        var birth: Int
        /// Last layer.
        var end: Int
        /// Layers lived.
        var length: Int
        /// The class at birth.
        var bornAs: ClassBadge
        /// The persistence threshold.
        var persistence: String
        /// True under a per-layer (quantile) threshold mode.
        var perLayer: Bool
        /// A link to the feature at the birth.
        var birthLink: HTMLFragment?
        /// The best match below the birth, when the table has that layer.
        var below: Below?
    }

    /// The note under the diagram.
    struct Flow: Codable {
        /// The layers drawn inline ("3–7").
        var window: String
        /// The chain's ends ("3/res/1–7/res/4").
        var chain: String
        /// The full graph's SVG, when the inline window is cut.
        var full: String?
        /// The full graph's layers.
        var fullLayers: String?
        /// The full graph's node count.
        var fullCount: Int?
    }

    /// Top matches at one position.
    struct MatchGroup: Codable {
        /// The position's title.
        var title: String
        /// Its rows.
        var rows: HTMLFragment
    }

    /// The steering plan.
    struct Steering: Codable {
        /// The strategy's name.
        var strategy: String
        /// The schedule, with its parameter.
        var schedule: String
        /// `add` or `rescale`.
        var operation: String
        /// The strength.
        var strength: String
        /// The layers steered.
        var layers: String
        /// The plan's rows.
        var rows: HTMLFragment
    }

    /// The feature's id.
    var id: String
    /// Its origin class.
    var `class`: ClassBadge
    /// s(R), s(M), s(A).
    var scores: [Score]
    /// Its labels.
    var labels: [LabelModel]
    /// The inline flow diagram (SVG).
    var diagram: HTMLFragment
    /// The diagram's legend items.
    var legend: HTMLFragment
    /// The chain table's rows.
    var chainRows: HTMLFragment
    /// Top matches per position.
    var positions: [MatchGroup]
    /// Whether `positions` has any.
    var hasMatches: Bool
    /// The descendants' list items.
    var descendants: HTMLFragment
    /// The lifespan line.
    var lifespan: Lifespan
    /// The diagram note.
    var flow: Flow
    /// The feature's layer.
    var layer: Int
    /// The layer page.
    var layerHref: String
    /// The JSON download.
    var json: String
    /// The CSV download.
    var csv: String
    /// The steering span ("3–9").
    var span: String
    /// The strong-link cosine.
    var strongLink: String
    /// Whether descendants were cut.
    var truncated: Bool
    /// Whether it has descendants.
    var hasDescendants: Bool
    /// The descendant cut.
    var maxDescendants: Int
    /// Its Neuronpedia page.
    var neuronpedia: String?
    /// Run-time evidence.
    var evidence: EvidenceModel?
    /// A provisional label from its contexts.
    var provisional: String?
    /// The steering plan.
    var steering: Steering?
}
