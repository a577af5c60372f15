import Foundation
import Testing

@testable import FlowCore
@testable import FlowReport

/// The demo site opened from disk in a real browser (headless Chromium): pages load with no failed
/// request, no network request and no console message; search finds a feature by its label.
@Suite struct BrowserSiteTests {
    func load(_ relative: String, query: String? = nil, in site: String) throws -> HeadlessChromium.PageLoad {
        let chromium = try #require(HeadlessChromium.find(), "chromium is not installed (make test installs it)")
        var components = URLComponents(
            url: URL(fileURLWithPath: site + "/" + relative), resolvingAgainstBaseURL: false)!
        if let query { components.queryItems = [URLQueryItem(name: "q", value: query)] }
        let load = try chromium.load(components.url!)
        #expect(load.consoleMessages.isEmpty, "\(relative): console \(load.consoleMessages)")
        #expect(load.networkRequests.isEmpty, "\(relative): network \(load.networkRequests)")
        for url in load.fileRequests {
            let path = URL(string: url)?.path ?? url
            #expect(FileManager.default.fileExists(atPath: path), "\(relative): failed request \(url)")
        }
        #expect(load.fileRequests.contains { $0.hasSuffix("assets/site.css") }, "\(relative): stylesheet not loaded")
        return load
    }

    @Test func pagesLoadCleanlyFromDisk() throws {
        let demo = try DemoSite.shared.get()
        let index = try load("index.html", in: demo.site)
        #expect(index.dom.contains("Origin classes per layer"))
        let layer = try load("layers/2.html", in: demo.site)
        #expect(layer.dom.contains("Features by origin class"))
        let feature = try load("features/3-res-1.html", in: demo.site)
        #expect(feature.dom.contains("Flow graph") && feature.dom.contains("<svg"))
    }

    @Test func searchFindsAFeatureByItsLabel() throws {
        let demo = try DemoSite.shared.get()
        let labels = try LabelSet.load(paths: [demo.labels])
        let seed = FeatureID(layer: 3, hookSite: .res, index: 1)
        let label = try #require(labels[seed].first?.text, "the seed has a label")
        // A distinctive word of the label: the quoted theme, e.g. 'legal citation' → legal.
        let word = try #require(
            label.split(whereSeparator: { !$0.isLetter }).map(String.init).first { $0.count >= 5 })
        let search = try load("search.html", query: word, in: demo.site)
        #expect(search.dom.contains("href=\"features/3-res-1.html\""), "search for \(word) did not list 3/res/1")
        #expect(!search.dom.contains("No feature matches."))
    }
}
