import SiteKit

/// The template model of `steering-theme.mustache`: one steering theme's seeds, flow graphs, plans, scores and
/// generated texts (docs/steering.md). Values a plan has only after a run are nil without one.
struct SteeringThemePageModel: Codable {
    /// A seed of the theme.
    struct Seed: Codable {
        var id: String, href: String, hasPage: Bool
    }

    /// The flow graph grown from one seed (SVG).
    struct Diagram: Codable {
        var seed: String
        var svg: HTMLFragment
    }

    /// One generated text, beside the baseline's text for the same prompt and sample.
    struct Text: Codable {
        var prompt: String, sample: Int, text: String, coherence: String, presence: String
        var baselineText: String, hasBaseline: Bool
    }

    /// A stored plan and, when it was run, its scores and texts.
    struct Plan: Codable {
        var label: String, strategy: String, layer: String, strength: String, entries: Int, json: String
        var hasRun: Bool
        var coherence: String?, presence: String?, presenceFeatures: String?, presenceKeywords: String?
        var score: String?
        var texts: [Text]?
    }

    /// The unsteered baseline run.
    struct Baseline: Codable {
        var coherence: String, presence: String, score: String, texts: [Text]
    }

    /// One strategy's best score and best presence at the coherence floor.
    struct Comparison: Codable {
        var strategy: String, bestScore: String, bestPlan: String, atFloor: String
    }

    var name: String, direction: String
    var seeds: [Seed]
    /// The seeds as the theme gave them.
    var givenSeeds: String
    var keywords: String, hasKeywords: Bool
    var prompt: String, hasPrompt: Bool
    /// Held-out graph features: how many, and their IDs.
    var heldOut: Int, heldOutList: String
    var diagrams: [Diagram]
    var plans: [Plan]
    var hasRuns: Bool
    /// Score curves (SVG).
    var curves: [HTMLFragment]
    /// The run configuration JSON ("" without runs).
    var config: String
    /// s (promote) or r (suppress).
    var symbol: String
    var comparison: [Comparison]
    var baseline: Baseline?
}
