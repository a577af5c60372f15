/// Renders pages: the body template with the page's data, then the layout (page shell, CSP, navigation, skip link)
/// around it.
public struct PageRenderer: Sendable {
    /// The templates.
    public var library: TemplateLibrary
    /// The site's name, shown in the header and every title.
    public var siteTitle: String
    /// The navigation links, on every page.
    public var navigation: [NavigationLink]
    /// Script files every page loads (paths relative to the site root, e.g. `assets/search.js`).
    public var scripts: [String]
    /// The footer line (e.g. tool version and inputs; no timestamps, so the site stays byte-identical).
    public var footer: String
    /// The tool version for `<meta name="generator">`.
    public var version: String

    /// A renderer with every field given.
    public init(
        library: TemplateLibrary, siteTitle: String, navigation: [NavigationLink], scripts: [String] = [],
        footer: String = "", version: String
    ) {
        self.library = library
        self.siteTitle = siteTitle
        self.navigation = navigation
        self.scripts = scripts
        self.footer = footer
        self.version = version
    }

    /// The full HTML of `page`. Every string in the page's context is passed through `SiteText.sanitized` first
    /// (give contexts as dictionaries, arrays, strings and numbers so this reaches all of them; a typed model's
    /// strings were sanitised when it was encoded).
    public func render(_ page: PageModel) throws -> String {
        let root = page.root
        var bodyContext = page.context
        bodyContext["root"] = root
        let body = try library.render(
            page.isSanitized ? bodyContext : SiteText.sanitizedContext(bodyContext), template: page.template)
        let layout = LayoutModel(
            title: page.title, siteTitle: siteTitle, root: root, footer: footer, version: version,
            nav: navigation.map { .init(title: $0.title, href: $0.href, current: $0.href == page.path) },
            scripts: (scripts + page.scripts).map { .init(src: $0) }, description: page.description,
            body: HTMLFragment(html: body))
        return try library.render(TemplateEncoder.context(layout), template: "layout")
    }
}
