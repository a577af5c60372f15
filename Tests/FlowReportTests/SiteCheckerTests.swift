import Foundation
import TestSupport
import Testing

@testable import FlowReport

@Suite struct SiteCheckerTests {
    static let head = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; script-src 'self'">
        <title>t</title><link rel="stylesheet" href="ROOTsite.css"><script src="ROOTsearch.js" defer></script></head>
        """

    static func page(_ body: String, root: String = "") -> String {
        head.replacingOccurrences(of: "ROOT", with: root) + "\n<body>\n" + body + "\n</body></html>\n"
    }

    func cleanSite(_ folder: TemporaryFolder) throws {
        try folder.write(SiteWriter.markerContents, to: ".featureflow-site")
        try folder.write("body { background: url(img/bg.png); }\n", to: "site.css")
        try folder.write("// search\n", to: "search.js")
        try folder.write("png", to: "img/bg.png")
        try folder.write(
            Self.page(
                """
                <nav><a href="#main">skip</a> <a href="layers/0.html#classes">layer 0</a></nav>
                <main id="main"><a href="https://www.neuronpedia.org/x">Neuronpedia</a> <a href="mailto:a@b.c">mail</a>
                <img src="img/bg.png" alt=""><img src="data:image/png;base64,AAAA" alt="">
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4" role="img" aria-label="x"><a href="layers/0.html"><title>n</title><circle r="1"/></a></svg>
                </main>
                """), to: "index.html")
        try folder.write(
            Self.page("<main><h2 id=\"classes\">Classes</h2><a href=\"../index.html\">home</a></main>", root: "../"),
            to: "layers/0.html")
    }

    @Test func aCleanSiteHasNoProblems() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try cleanSite(folder)
        let report = try SiteChecker(root: folder.path).check()
        #expect(report.problems.map(\.description) == [])
        #expect(report.pagesChecked == 2)
        #expect(report.filesChecked == 5)
    }

    @Test func plantedProblemsAreAllReportedWithFileAndLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try cleanSite(folder)
        try folder.write(
            Self.page(
                """
                <a href="missing.html">1</a>
                <a href="layers/0.html#nope">2</a>
                <a href="#nowhere">3</a>
                <script src="https://cdn.example.com/d3.js"></script>
                <link rel="stylesheet" href="//fonts.example.com/f.css">
                <img src="/abs.png" alt="">
                <a href="../../etc/passwd">4</a>
                <button onclick="go()">5</button>
                <script>alert(1)</script>
                <p style="color:red">6</p>
                <a href="javascript:alert(1)">7</a>
                <p id="dup">a</p><p id="dup">b</p>
                <a href="layers/">8</a>
                <p><b>bad</i></p>
                """), to: "bad.html")
        try folder.write(
            "@import \"https://fonts.example.com/x.css\";\n/* url(ignored.png) */\nb { background: url('nothere.png') }\n",
            to: "extra.css")
        try folder.write(
            "<!DOCTYPE html><html><head><title>x</title></head><body><p>no csp</p></body></html>", to: "nocsp.html")
        try folder.write("<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>", to: "broken.svg")

        let report = try SiteChecker(root: folder.path).check()
        let kinds = report.problems.map(\.kind)
        func count(_ kind: SiteProblem.Kind) -> Int { kinds.filter { $0 == kind }.count }
        #expect(count(.brokenLink) == 3)  // missing.html, layers/ folder, nothere.png
        #expect(count(.brokenAnchor) == 2)
        #expect(count(.externalReference) == 4)  // cdn script, // stylesheet, /abs.png, @import
        #expect(count(.outsideSite) == 1)
        #expect(count(.inlineEventHandler) == 1)
        #expect(count(.inlineScript) == 2)  // <script> body, javascript: URL
        #expect(count(.inlineStyle) == 1)
        #expect(count(.duplicateID) == 1)
        #expect(count(.malformedMarkup) >= 2)  // </i> mismatch in bad.html, broken.svg
        #expect(count(.missingContentSecurityPolicy) == 1)

        let missing = try #require(report.problems.first { $0.message.contains("missing.html") })
        #expect(missing.path == folder.path + "/bad.html")
        #expect(missing.line == 6)  // 5 lines of head, then <body>
        #expect(missing.description.hasPrefix(folder.path + "/bad.html:6: "))
        let css = try #require(report.problems.first { $0.message.contains("nothere.png") })
        #expect(css.line == 3)
        #expect(!report.problems.contains { $0.message.contains("ignored.png") })
        #expect(report.problems.contains { $0.path == folder.path + "/broken.svg" && $0.line != nil })
        // Sorted by file then line.
        let order = report.problems.map { "\($0.path ?? "")\u{0}\(1_000_000 + ($0.line ?? 0))" }
        #expect(order == order.sorted())
    }

    @Test func aMissingFolderIsAnError() {
        #expect(throws: SiteError.self) { try SiteChecker(root: "/nonexistent/featureflow-site").check() }
    }

    @Test func referencesResolveRelativeToTheirFile() {
        #expect(
            SiteReference.resolve("../a.html#x", from: "layers/3.html")
                == .file(path: "a.html", isFolder: false, fragment: "x"))
        #expect(SiteReference.resolve("../../a.html", from: "layers/3.html") == .outside)
        #expect(
            SiteReference.resolve("b%20c.html?q=1", from: "x.html")
                == .file(path: "b c.html", isFolder: false, fragment: nil))
        #expect(SiteReference.resolve("HTTPS://x", from: "x.html") == .external(scheme: "https"))
        #expect(SiteReference.resolve(" #top ", from: "x.html") == .fragment("top"))
        #expect(SiteReference.resolve("", from: "x.html") == .samePage)
        #expect(SiteReference.resolve("./", from: "a/x.html") == .file(path: "a", isFolder: true, fragment: nil))
    }
}
