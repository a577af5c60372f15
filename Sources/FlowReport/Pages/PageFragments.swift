import FlowCore
import Foundation

/// Small template fragments that repeat across feature pages — a feature's link (`featurelink.mustache`) and a class
/// badge (`badge.mustache`) — rendered once each through the site's templates and reused as finished HTML
/// (`{{{link}}}`, `{{{badge}}}` in `feature.mustache` and `module.mustache`). Escaping still happens in the template
/// engine, when the fragment is first rendered; a user's own partials (`--templates`) are honoured. Thread-safe: feature
/// pages render in parallel, and the same input always gives the same fragment.
final class PageFragments: @unchecked Sendable {
    private let library: TemplateLibrary
    private let lock = NSLock()
    private var links: [FeatureID: String] = [:]
    private var badges: [String: String] = [:]

    /// Fragments rendered with `library`'s partials.
    init(library: TemplateLibrary) { self.library = library }

    /// The link (or plain id when it has no page) of `id`, as `featurelink.mustache` renders `values` (the
    /// `PageValues.feature` of `id` with `base` "" — every user of this cache links from inside `features/`).
    func link(_ id: FeatureID, values: [String: Any]) throws -> String {
        lock.lock()
        let cached = links[id]
        lock.unlock()
        if let cached { return cached }
        let html = try library.render(SiteText.sanitizedContext(values), template: "featurelink")
        lock.lock()
        links[id] = html
        lock.unlock()
        return html
    }

    /// The badge of a class, as `badge.mustache` renders `values` (a `PageValues.originClass`).
    func badge(_ values: [String: Any]) throws -> String {
        let key = values["key"] as? String ?? ""
        lock.lock()
        let cached = badges[key]
        lock.unlock()
        if let cached { return cached }
        let html = try library.render(SiteText.sanitizedContext(values), template: "badge")
        lock.lock()
        badges[key] = html
        lock.unlock()
        return html
    }
}
