import FlowCore
import SiteKit

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
    /// The default steering plan shown on every feature page (its seed is the page's feature): the
    /// paper's single-layer setting (s = 8, α = −0.05, exponential, l the absolute layer index).
    public var steering = SteeringRequest.paper(
        seed: FeatureID(layer: 0, hookSite: .res, index: 0), strategy: .singleLayer)
    /// Copy the flow database into `data/`.
    public var includeDatabase = true

    public init() {}
}
