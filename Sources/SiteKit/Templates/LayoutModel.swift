/// The template model of the page shell (`layout.mustache`) around every page's body.
struct LayoutModel: Codable {
    /// A navigation entry.
    struct Link: Codable {
        /// The text shown.
        var title: String
        /// The target, relative to the site root.
        var href: String
        /// Whether it is the page shown.
        var current: Bool
    }

    /// A script the page loads.
    struct Script: Codable {
        /// Its path, relative to the site root.
        var src: String
    }

    /// The page title.
    var title: String
    /// The site's name.
    var siteTitle: String
    /// The relative prefix to the site root.
    var root: String
    /// The footer line.
    var footer: String
    /// The tool version.
    var version: String
    /// The navigation.
    var nav: [Link]
    /// The scripts.
    var scripts: [Script]
    /// The `<meta name="description">` text.
    var description: String?
    /// The rendered body (already sanitised: it came from a sanitised context).
    var body: HTMLFragment
}
