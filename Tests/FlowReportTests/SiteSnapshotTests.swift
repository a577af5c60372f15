import FlowCore
import FlowExport
import Foundation
import TestSupport
import Testing

@testable import FlowReport
@testable import SiteKit

/// Golden snapshots: a small demo site (the hand-made family of `ReportFixtures` with the evidence of
/// `EvidencePagesTests`, hostile labels and one steering theme) rendered and compared byte for byte with the files in
/// `Snapshots/`. `RECORD_SNAPSHOTS=1 swift test --filter SiteSnapshotTests` writes them again; without it a missing or
/// different file fails the test, naming the page and the first differing line.
@Suite struct SiteSnapshotTests {
    /// The committed snapshots.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        .path

    /// The pages compared: overview, a layer, a feature with evidence and labels, one without evidence, a module
    /// feature, the Evidence page, a steering theme and the concept pages.
    static let pages = [
        "index.html", "layers/2.html", "features/2-res-0.html", "features/1-res-1.html", "features/1-mlp-2.html",
        "evidence.html", "steering-mars-first.html", "persistence.html", "transformation.html", "emergence.html",
        "steering.html",
    ]

    /// Labels with markup and quotes in them, as a CSV label file.
    static let labelCSV = """
        layer,site,index,label
        2,res,0,"planets <b>& \"Mars\"</b>"
        1,res,1,it's a newborn
        1,mlp,2,MLP <i>writer</i>

        """

    /// Builds the demo site into `folder/site`; with `templates`, from that templates folder.
    static func build(_ folder: TemporaryFolder, templates: String? = nil) throws {
        let database = try EvidencePagesTests.database(folder)
        let theme = SteeringTheme(
            name: "Mars first", seeds: [.feature(ReportFixtures.id("2/res/0"))], prompt: "<script>\"x\"",
            keywords: ["<b>"])
        try database.recordSteeringTheme(
            SteeringThemeRecord(theme: theme, seeds: [ReportFixtures.id("2/res/0")], heldOut: []), plans: [])
        try folder.write(labelCSV, to: "labels.csv")
        let labels = try LabelSet.load(paths: [folder.path + "/labels.csv"])
        guard let templates else {
            _ = try EvidencePagesTests.site(folder, database: database, labels: labels)
            return
        }
        let plain = ReportFixtures.context(labels: labels)
        let context = ReportFixtures.context(
            labels: labels,
            evidence: try SiteEvidence.load(
                database: database, features: plain.selection.residual + plain.selection.modules))
        var options = SiteOptions()
        options.templates = templates
        options.includeDatabase = false
        let staging = SiteStaging(root: folder.path + "/site")
        try FileManager.default.createDirectory(atPath: staging.root, withIntermediateDirectories: true)
        _ = try SiteBuilder(options: options).build(
            context: context, database: database, into: staging, printer: ProgressPrinter(quiet: true))
    }

    /// Every file of the demo site, rendered by the compiled templates and by swift-mustache itself (a templates
    /// folder with one template outside the compiled subset makes the library fall back), is the same.
    @Test func compiledTemplatesAndTheEngineBuildTheSameSite() throws {
        let compiled = try TemporaryFolder()
        let engine = try TemporaryFolder()
        defer {
            compiled.remove()
            engine.remove()
        }
        try Self.build(compiled, templates: PageRendererTests.templates)
        try FileManager.default.copyItem(atPath: PageRendererTests.templates, toPath: engine.path + "/t")
        try engine.write("{{=<% %>=}}<%title%>\n", to: "t/zz-delimiters.mustache")
        #expect(try TemplateLibrary(directories: [engine.path + "/t"]).compiled == nil)
        try Self.build(engine, templates: engine.path + "/t")
        func files(_ folder: TemporaryFolder) -> [String] {
            (FileManager.default.subpaths(atPath: folder.path + "/site") ?? []).sorted()
        }
        let paths = files(compiled)
        #expect(paths.count > 20 && paths == files(engine))
        for file in paths where file.hasSuffix(".html") || file.hasSuffix(".svg") {
            #expect(compiled.read("site/" + file) == engine.read("site/" + file), "\(file)")
        }
    }

    /// The page with the tool version replaced (so a version bump does not invalidate the snapshots).
    static func normalised(_ page: String) -> String {
        page.replacingOccurrences(of: "featureflow \(FlowCore.version)", with: "featureflow VERSION")
    }

    @Test func demoSitePagesMatchTheirSnapshots() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Self.build(folder)
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        for page in Self.pages {
            let rendered = Self.normalised(try #require(folder.read("site/" + page), "\(page) was not written"))
            let file = Self.folder + "/" + page.replacingOccurrences(of: "/", with: "_")
            if record {
                try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
                try Data(rendered.utf8).write(to: URL(fileURLWithPath: file))
                continue
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                Issue.record("no snapshot \(file); run with RECORD_SNAPSHOTS=1 to record it")
                continue
            }
            let expected = String(decoding: data, as: UTF8.self)
            if rendered != expected {
                let got = rendered.split(separator: "\n", omittingEmptySubsequences: false)
                let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let line = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
                let gotLine = line < got.count ? String(got[line]) : "(end)"
                let wantLine = line < want.count ? String(want[line]) : "(end)"
                Issue.record(
                    "\(page) differs from its snapshot at line \(line + 1):\n got: \(gotLine)\nwant: \(wantLine)")
            }
        }
    }

    @Test(.disabled(if: ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"))
    func snapshotsAreSmall() throws {
        let sizes = try Self.pages.map { page in
            let file = Self.folder + "/" + page.replacingOccurrences(of: "/", with: "_")
            return try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0
        }
        #expect(sizes.allSatisfy { $0 > 500 } && sizes.reduce(0, +) < 120_000)
    }
}
