import SiteKit

/// The template model of the search page (`search.mustache`; the results come from the search index script).
struct SearchPageModel: Codable {
    /// The reported classes, for the class filter.
    var classes: [ClassBadge]
    /// The layers.
    var layers: [Int]
}
