import Foundation
import TestSupport
import Testing
import XMLSupport

@testable import FlowReport

@Suite struct PageRendererTests {
    /// The package's own Templates folder.
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates").path

    static let featureTemplate = """
        <p class="label">{{label}}</p>
        <div class="figure-scroll">{{{diagram}}}</div>
        <p><a href="{{root}}index.html">home</a> <a href="{{root}}search.html">search</a></p>

        """

    func library(_ folder: TemporaryFolder) throws -> TemplateLibrary {
        try folder.write(Self.featureTemplate, to: "templates/feature.mustache")
        try folder.write("<p>{{label}}</p>\n", to: "templates/home.mustache")
        return try TemplateLibrary(directories: [Self.templates, folder.path + "/templates"])
    }

    func renderer(_ library: TemplateLibrary) -> PageRenderer {
        PageRenderer(
            library: library, siteTitle: "featureflow <demo>",
            navigation: [
                NavigationLink(title: "Overview", href: "index.html"),
                NavigationLink(title: "Search", href: "search.html"),
            ], scripts: ["assets/search.js"], footer: "featureflow 0.1 & friends", version: "0.1")
    }

    /// Templates opting into the registered `HTML` content type escape exactly as the engine's default does.
    @Test func fastHTMLEscapingMatchesTheEngines() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("{{% CONTENT_TYPE: HTML}}[{{x}}]", to: "templates/fast.mustache")
        try folder.write("[{{x}}]", to: "templates/plain.mustache")
        let library = try TemplateLibrary(directories: [Self.templates, folder.path + "/templates"])
        for text in [
            "plain", "", SVGFixtures.hostileLabel, "<a href=\"x\" title='y'>&amp; é 😀</a>", "&&<<>>\"\"''",
        ] {
            let fast = try library.render(["x": text], template: "fast")
            #expect(fast == (try library.render(["x": text], template: "plain")))
        }
    }

    @Test func rendersAPageThroughTheLayoutSafely() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try library(folder)
        let diagram = try FlowDiagramRenderer().inlineSVG(SVGFixtures.paperLikeDiagram())
        let page = PageModel(
            path: "features/24-res-1024.html", title: "24/res/1024 " + SVGFixtures.hostileLabel, template: "feature",
            context: ["label": SVGFixtures.hostileLabel, "diagram": diagram])
        let html = try renderer(library).render(page)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("href=\"../assets/site.css\""))
        #expect(html.contains("<script src=\"../assets/search.js\" defer></script>"))

        let document = HTMLDocument(parsing: html, path: page.path)
        #expect(document.diagnostics.filter { !$0.isUnknownHTMLTag }.map(\.description) == [])
        let root = try #require(document.root)
        let csp = root.elements(named: "meta").first { $0[attribute: "http-equiv"] == "Content-Security-Policy" }
        let policy = try #require(csp?[attribute: "content"])
        #expect(policy.contains("default-src 'none'"))
        #expect(policy.contains("script-src 'self'"))
        #expect(policy.contains("style-src 'self'"))
        #expect(root.elements(named: "a").first?[attribute: "href"] == "#main")
        #expect(root.elements(named: "main").first?[attribute: "id"] == "main")
        #expect(root.elements(named: "title").first?.textContent.contains("<script>alert('x')</script>") == true)
        #expect(root.elements(named: "h1").first?.textContent.contains("\"quoted\" & more") == true)
        #expect(root.elements(named: "script").allSatisfy { $0[attribute: "src"] != nil })
        let label = root.elements(named: "p").first { $0[attribute: "class"] == "label" }
        #expect(label?.textContent == SiteText.sanitized(SVGFixtures.hostileLabel))
        #expect(!html.contains("\u{7}"))
        #expect(root.elements(named: "svg").count == 1)

        let home = PageModel(path: "index.html", title: "Overview", template: "home", context: ["label": "x"])
        let homeHTML = try renderer(library).render(home)
        #expect(homeHTML.contains("href=\"assets/site.css\""))
        #expect(homeHTML.contains("<a href=\"index.html\" aria-current=\"page\">Overview</a>"))
        #expect(try renderer(library).render(home) == homeHTML)
    }

    @Test func aRenderedSitePassesTheChecker() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try library(folder)
        let pages = renderer(library)
        let diagram = try FlowDiagramRenderer().inlineSVG(
            FlowDiagram(
                title: "0/res/1", firstLayer: 0, lastLayer: 1,
                nodes: [
                    FlowDiagramNode(
                        id: "0/res/1", layer: 0, lane: .residual, label: "a", nodeClass: .translated,
                        href: "0-res-1.html", isSeed: true),
                    FlowDiagramNode(
                        id: "1/res/2", layer: 1, lane: .residual, nodeClass: .processed, href: "../index.html"),
                ], edges: [FlowDiagramEdge(from: "0/res/1", to: "1/res/2", cosine: 0.9)]))
        try SiteWriter(target: folder.path + "/site", homeDirectory: "/nonexistent-home").write { staging in
            try library.copyAssets(into: staging)
            try staging.write(
                try pages.render(
                    PageModel(path: "index.html", title: "Overview", template: "home", context: ["label": "<b>"])),
                to: "index.html")
            try staging.write(
                try pages.render(PageModel(path: "search.html", title: "Search", template: "home", context: [:])),
                to: "search.html")
            try staging.write(
                try pages.render(
                    PageModel(
                        path: "features/0-res-1.html", title: "0/res/1", template: "feature",
                        context: ["label": "a", "diagram": diagram])), to: "features/0-res-1.html")
        }
        #expect(folder.exists("site/assets/site.css"))
        #expect(folder.exists("site/assets/search.js"))
        #expect(!folder.exists("site/assets/layout.mustache"))
        let report = try SiteChecker(root: folder.path + "/site").check()
        #expect(report.problems.map(\.description) == [])
    }

    @Test func templateErrorsCarryFileAndLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("<p>\n{{#items}}\n<li>{{name}}</li>\n{{/wrong}}\n", to: "t/broken.mustache")
        do {
            _ = try TemplateLibrary(directories: [Self.templates, folder.path + "/t"])
            Issue.record("expected a template error")
        } catch let error as SiteError {
            #expect(error.reason == .template)
            #expect(error.path == folder.path + "/t/broken.mustache")
            #expect(error.line == 4)
        }
        #expect(throws: SiteError.self) { try TemplateLibrary(directories: [folder.path + "/t-missing"]) }
        let library = try TemplateLibrary(directories: [Self.templates])
        #expect(throws: SiteError.self) { try library.render([:], template: "nope") }
    }

    @Test func userTemplatesOverrideTheDefaults() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("<!DOCTYPE html><title>{{title}}</title>CUSTOM {{{body}}}\n", to: "mine/layout.mustache")
        try folder.write("body { color: red }\n", to: "mine/site.css")
        try folder.write("<p>{{label}}</p>\n", to: "mine/home.mustache")
        let library = try TemplateLibrary(directories: [Self.templates, folder.path + "/mine"])
        #expect(library.assetFiles["site.css"] == folder.path + "/mine/site.css")
        #expect(library.assetFiles["search.js"] == Self.templates + "/search.js")
        let html = try renderer(library).render(
            PageModel(path: "index.html", title: "T", template: "home", context: ["label": "L"]))
        #expect(html.contains("CUSTOM <p>L</p>"))
    }

    @Test func templatesAreFoundBesideTheExecutableOrAboveTheCurrentDirectory() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("x", to: "pkg/Templates/layout.mustache")
        try folder.write("bin", to: "pkg/.build/debug/featureflow")
        try folder.write("x", to: "elsewhere/deep/file")
        #expect(
            TemplateLocator.defaultDirectory(
                executablePath: folder.path + "/pkg/.build/debug/featureflow",
                currentDirectory: folder.path + "/elsewhere/deep")
                == folder.path + "/pkg/Templates")
        #expect(
            TemplateLocator.defaultDirectory(
                executablePath: "/usr/bin/true", currentDirectory: folder.path + "/pkg/Sources")
                == folder.path + "/pkg/Templates")
        #expect(
            try TemplateLocator.directories(
                explicit: folder.path + "/elsewhere", executablePath: "/usr/bin/true",
                currentDirectory: folder.path + "/pkg") == [folder.path + "/pkg/Templates", folder.path + "/elsewhere"])
        #expect(throws: SiteError.self) {
            try TemplateLocator.directories(explicit: folder.path + "/nope", executablePath: nil, currentDirectory: "/")
        }
        #expect(PageModel(path: "features/a.html", title: "", template: "").root == "../")
        #expect(PageModel(path: "index.html", title: "", template: "").root == "")
    }
}
