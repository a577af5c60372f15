import FlowCore
import SiteKit

/// The template model of a class badge (`badge.mustache`): key (the search page's class value), CSS class (draws the
/// glyph, so class never relies on colour) and title.
struct ClassBadge: Codable, Equatable {
    /// The class's key (`module-leaf` for module features).
    var key: String
    /// The CSS class drawing the glyph.
    var cssClass: String
    /// The class's name.
    var title: String

    /// The badge of `originClass` (nil: a module feature).
    init(_ originClass: OriginClass?) {
        let badge = PageValues.badge(originClass)
        key = originClass?.rawValue ?? "module-leaf"
        cssClass = badge.cssClass
        title = badge.title
    }
}
