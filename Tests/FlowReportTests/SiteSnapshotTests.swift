import FlowCore
import Foundation
import Testing

@testable import FlowReport

/// Golden snapshots: a small demo site (the hand-made family of `ReportFixtures` with the evidence of
/// `EvidencePagesTests`, hostile labels and one steering theme) rendered and compared byte for byte with the files in
/// `Snapshots/`. `RECORD_SNAPSHOTS=1 swift test --filter SiteSnapshotTests` writes them again; without it a missing or
/// different file fails the test, naming the page and the first differing line.
@Suite struct SiteSnapshotTests {
    /// The committed snapshots.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        .path

    /// The pages compared: overview, a layer, a feature with evidence and labels, one without evidence, a module
    /// feature, the Evidence page and a steering theme.
    static let pages = [
        "index.html", "layers/2.html", "features/2-res-0.html", "features/1-res-1.html", "features/1-mlp-2.html",
        "evidence.html", "steering-mars-first.html",
    ]

    /// Labels with markup and quotes in them, as a CSV label file.
    static let labelCSV = """
        layer,site,index,label
        2,res,0,"planets <b>& \"Mars\"</b>"
        1,res,1,it's a newborn
        1,mlp,2,MLP <i>writer</i>

        """

    /// Builds the demo site into `folder/site`.
    static func build(_ folder: TemporaryFolder) throws {
        let database = try EvidencePagesTests.database(folder)
        let theme = SteeringTheme(
            name: "Mars first", seeds: [.feature(ReportFixtures.id("2/res/0"))], prompt: "<script>\"x\"",
            keywords: ["<b>"])
        try database.recordSteeringTheme(
            SteeringThemeRecord(theme: theme, seeds: [ReportFixtures.id("2/res/0")], heldOut: []), plans: [])
        try folder.write(labelCSV, to: "labels.csv")
        let labels = try LabelSet.load(paths: [folder.path + "/labels.csv"])
        _ = try EvidencePagesTests.site(folder, database: database, labels: labels)
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
