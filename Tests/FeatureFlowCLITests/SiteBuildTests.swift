import CanonicalOutput
import Foundation
import Testing
import XMLSupport

@testable import FeatureFlowCLI
@testable import FlowCore
@testable import FlowReport
@testable import SiteKit

/// The site as a reader gets it: built by the real pipeline from a synthetic family.
@Suite struct SiteBuildTests {
    @Test func siteHasEveryPageKindAndPassesTheCheck() throws {
        let demo = try DemoSite.shared.get()
        for page in [
            "index.html", "search.html", "persistence.html", "transformation.html", "emergence.html", "steering.html",
            "layers/0.html", "layers/3.html", "features/3-res-1.html", "data/features/3-res-1.json",
            "data/features/3-res-1.csv", "data/layers/2.csv", "data/flow.sqlite", "assets/site.css",
            "assets/search.js", "assets/search-index.js",
        ] {
            #expect(FileManager.default.fileExists(atPath: demo.site + "/" + page), "missing \(page)")
        }
        let index = try String(contentsOfFile: demo.site + "/index.html", encoding: .utf8)
        #expect(index.contains("Matching: top-k decoder cosine; exact"))
        let report = try SiteChecker(root: demo.site).check()
        #expect(report.isClean, "\(report.problems.map(\.description))")
    }

    @Test func identicalInputGivesAByteIdenticalSite() throws {
        let demo = try DemoSite.shared.get()
        let again = demo.root + "/site-again"
        try demo.build(into: again, database: demo.root + "/flow-again.sqlite")
        let first = try DemoSite.files(in: demo.site)
        let second = try DemoSite.files(in: again)
        #expect(first.keys.sorted() == second.keys.sorted())
        let different = first.keys.filter { first[$0] != second[$0] }.sorted()
        #expect(different.isEmpty, "files differ: \(different.prefix(10))")
    }

    /// The per-feature JSON comes from `CanonicalJSON`'s own writer: it must be exactly what `JSONEncoder` writes.
    @Test func featureJSONMatchesFoundationsEncoderByteForByte() throws {
        let demo = try DemoSite.shared.get()
        var compared = 0
        for (path, data) in try DemoSite.files(in: demo.site)
        where path.hasPrefix("data/features/") && path.hasSuffix(".json") {
            let reference: Data
            if path.contains("-res-") {
                reference = CanonicalJSON.foundationData(try JSONDecoder().decode(FeatureDossier.self, from: data))
            } else {
                reference = CanonicalJSON.foundationData(try JSONDecoder().decode(ModuleDossier.self, from: data))
            }
            #expect(data == reference, "\(path) differs from JSONEncoder's output")
            compared += 1
        }
        #expect(compared > 20)
    }

    @Test func hostileLabelsShowLiterallyAndNeverBecomeMarkup() throws {
        let demo = try DemoSite.shared.get()
        let hostile = try DemoSite.hostileFeature(demo)
        // Give that feature a page by rendering it as a seed.
        let site = demo.root + "/site-hostile"
        var command = try BuildCommand.parseAsRoot([
            demo.saes, "--out", site, "--db", demo.root + "/flow.sqlite", "--labels", demo.labels, "--seed",
            hostile.id.description, "--quiet",
        ])
        try command.run()
        for (path, data) in try DemoSite.files(in: site) where path.hasSuffix(".html") {
            let document = HTMLDocument(parsing: [UInt8](data), path: path)
            let root = try #require(document.root)
            root.forEachElement { element in
                if element.name == "script" {
                    #expect(element[attribute: "src"] != nil && element.children.isEmpty, "\(path): inline script")
                }
                for attribute in element.attributes {
                    #expect(!attribute.name.lowercased().hasPrefix("on"), "\(path): \(attribute.name) attribute")
                }
            }
            #expect(!String(decoding: data, as: UTF8.self).contains("<script>alert"), "\(path)")
        }
        let page = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: site + "/" + SiteLinks.featurePage(hostile.id))),
            as: UTF8.self)
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let text = try #require(HTMLDocument(parsing: Array(page.utf8)).root).textContent
        #expect(text.contains(hostile.label))
    }
}
