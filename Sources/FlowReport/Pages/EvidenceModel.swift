import SiteKit

/// The template model of a feature's or module's run-time evidence (the `evidence` section of `feature.mustache` and
/// `module.mustache`).
struct EvidenceModel: Codable {
    /// How often the feature fires, with its histogram.
    struct Activity: Codable {
        /// Share of evidence tokens it is active on ("3.1 %").
        var density: String
        /// Active tokens ("31").
        var active: String
        /// Mean activation while active.
        var mean: String
        /// Largest activation.
        var max: String
        /// The activation histogram (inline SVG).
        var histogram: HTMLFragment
    }

    /// Evidence tokens of the run ("1,000").
    var tokens: String
    /// The run's text sources.
    var texts: String
    /// Activity; nil when the feature never fired.
    var activity: Activity?
    /// True when the feature never fired.
    var silent: Bool
    /// The top contexts' rows; nil without contexts.
    var contexts: HTMLFragment?
    /// Whether there are contexts.
    var hasContexts: Bool
    /// Contexts shown.
    var shown: Int
    /// Contexts stored.
    var stored: Int
    /// The predecessors' co-activation lines; nil without them.
    var coactivation: HTMLFragment?
    /// Whether there are co-activation lines.
    var hasCoactivation: Bool
}
