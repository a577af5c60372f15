/// One page to render: where it goes in the site, its title, and the body template with its data.
public struct PageModel {
    /// The page's path inside the site, e.g. `features/24-res-14548.html` (decides the `root` prefix).
    public var path: String
    /// The page title (escaped by the layout).
    public var title: String
    /// The template rendering the page's main content (e.g. `feature`).
    public var template: String
    /// Data for the body template; `root` (the relative prefix to the site root) is added.
    public var context: [String: Any]
    /// An optional summary for `<meta name="description">`.
    public var description: String?
    /// Extra script files this page loads after the site-wide ones (paths relative to the site root).
    public var scripts: [String] = []
    /// True when `context` came from a typed model through `TemplateEncoder` (its strings are sanitised already).
    var isSanitized = false

    /// A page with every field given.
    public init(path: String, title: String, template: String, context: [String: Any] = [:], description: String? = nil)
    {
        self.path = path
        self.title = title
        self.template = template
        self.context = context
        self.description = description
    }

    /// A page whose body template reads the typed `model` (one `Encodable` struct per template; see
    /// `TemplateEncoder`).
    public init(path: String, title: String, template: String, model: some Encodable, description: String? = nil) {
        self.init(
            path: path, title: title, template: template, context: TemplateEncoder.dictionary(model),
            description: description)
        isSanitized = true
    }

    /// The relative prefix from this page to the site root: `""` at the top, `"../"` one folder down.
    public var root: String {
        String(repeating: "../", count: path.split(separator: "/", omittingEmptySubsequences: true).count - 1)
    }
}
