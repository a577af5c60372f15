import SiteKit

/// The template models of the concept pages (`persistence.mustache`, `transformation.mustache`,
/// `emergence.mustache`) and of `steering.mustache`.
enum ConceptPageModels {
    /// `persistence.mustache`.
    struct Persistence: Codable {
        /// One of the longest chains.
        struct Chain: Codable {
            var id: String, hasPage: Bool, href: String, label: String, hasLabel: Bool
            /// First and last layer, and layers lived.
            var birth: Int, end: Int, length: Int
            /// The class at birth.
            var bornAs: ClassBadge
        }

        /// Births and ends of one layer.
        struct Layer: Codable {
            var layer: Int, births: Int, ends: Int
        }

        /// The lifespan chart (SVG).
        var chart: HTMLFragment
        /// The longest chains.
        var chains: [Chain]
        /// The lifespan threshold, as prose.
        var persistence: String
        /// Per layer.
        var layers: [Layer]
        /// Missing-layer caveats.
        var gaps: [String]
    }

    /// `transformation.mustache`.
    struct Transformation: Codable {
        /// A processed feature.
        struct Row: Codable {
            var id: String, hasPage: Bool, href: String, label: String, hasLabel: Bool
            /// Its scores.
            var sR: String, sM: String, sA: String
        }

        /// One layer's processed features.
        struct Layer: Codable {
            var layer: Int, href: String, count: Int, rows: [Row]
        }

        /// The chart (SVG).
        var chart: HTMLFragment
        /// Per layer.
        var layers: [Layer]
        /// Features listed per layer.
        var perLayer: Int
        /// Missing-layer caveats.
        var gaps: [String]
        /// Uncertainty caveats.
        var uncertain: [String]
    }

    /// `emergence.mustache`.
    struct Emergence: Codable {
        /// A newborn feature.
        struct Row: Codable {
            var id: String, hasPage: Bool, href: String, label: String, hasLabel: Bool
            /// Its class.
            var `class`: ClassBadge
            /// Its module scores.
            var sM: String, sA: String
        }

        /// One layer's counts and strongest newborns.
        struct Layer: Codable {
            var layer: Int, href: String, mlp: Int, att: Int, both: Int, unexplained: Int, unknown: Int
            var rows: [Row]
        }

        /// The chart (SVG).
        var chart: HTMLFragment
        /// Per layer.
        var layers: [Layer]
        /// Whether a gap leaves origins unknown.
        var hasUnknown: Bool
        /// Missing-layer caveats.
        var gaps: [String]
        /// Uncertainty caveats.
        var uncertain: [String]
    }

    /// `steering.mustache`.
    struct Steering: Codable {
        /// The default plan's strategy, schedule, operation and strength.
        var strategy: String, schedule: String, operation: String, strength: String
        /// The Python snippet applying a plan.
        var python: String
        /// Whether there is a snippet.
        var hasPython: Bool
        /// The strong-link and leaf thresholds.
        var strongLink: String, steeringLeaf: String
        /// The stored themes.
        var themes: [SteeringThemePage.ThemeRow]
        /// Whether there are themes.
        var hasThemes: Bool
    }
}
