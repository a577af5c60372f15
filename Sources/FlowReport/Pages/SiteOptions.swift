import FlowCore

/// What a site build renders and how.
public struct SiteOptions: Sendable {
    /// The site's name in headers and titles.
    public var title: String = "featureflow report"
    /// Features that always get pages (and their graphs).
    public var seeds: [FeatureID] = []
    /// How many feature pages to render.
    public var budget: PageSelection.Budget = .default
    /// A user's templates folder overriding the defaults (`--templates`).
    public var templates: String?
    /// The default steering plan shown on every feature page (its seed is the page's feature).
    public var steering = SteeringRequest(
        seed: FeatureID(layer: 0, site: .res, index: 0), strategy: .cumulative, schedule: .exponential(alpha: -0.05),
        operation: .add, strength: 8)
    /// Copy the flow database into `data/`.
    public var includeDatabase = true

    public init() {}
}
