import FlowCore
import FlowReport
import Foundation
import TestSupport
import Testing

@testable import FlowPipeline

/// Whole builds run through the library: a temporary folder in, a checked site out, no command line.
@Suite struct PipelineBuildTests {
    @Test func aWholeBuildRunsIntoATemporaryFolder() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let captured = CapturedLines()
        let report = try Pipeline.run(fixture.buildRequest(), printer: captured.printer)

        let steps = captured.lines.filter { $0.hasPrefix("[") }
        #expect(
            steps == [
                "[1/6] load SAEs", "[2/6] match", "[3/6] analyse", "[4/6] labels", "[5/6] render", "[6/6] check",
            ])
        #expect(report.timings.map(\.name) == ["load SAEs", "match", "analyse", "labels", "render", "check"])
        #expect(report.matchSummary?.computed == [0, 1, 2])
        let folder = try #require(report.siteFolder)
        #expect(folder == SiteWriter(target: fixture.out).resolvedTargetOrNil)
        #expect(FileManager.default.fileExists(atPath: folder + "/index.html"))
        #expect(FileManager.default.fileExists(atPath: folder + "/" + SiteWriter.markerName))
        #expect(try SiteChecker(root: folder).check().isClean)
        #expect(captured.lines.contains { $0.hasSuffix("files: no problems") })

        // A render of the same database (analyse → check only) gives the same pages, byte for byte.
        let again = captured.lines.count
        let render = BuildRequest(
            database: fixture.database,
            site: SiteRequest(
                out: fixture.root + "/copy", options: fixture.buildRequest().site!.options,
                labels: [fixture.saes + "/labels.jsonl"]))
        let rendered = try Pipeline.run(render, printer: captured.printer)
        #expect(
            captured.lines.dropFirst(again).filter { $0.hasPrefix("[") } == [
                "[1/4] analyse", "[2/4] labels", "[3/4] render", "[4/4] check",
            ])
        let pages = try Self.files(in: folder).filter { !$0.key.hasPrefix("data/") }
        let copied = try Self.files(in: try #require(rendered.siteFolder)).filter { !$0.key.hasPrefix("data/") }
        #expect(pages.count > 10 && pages == copied)
    }

    @Test func aFailedBuildRemovesTheDatabaseItCreatedAndLeavesNoSite() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        var request = fixture.buildRequest()
        request.site?.labels = [fixture.root + "/missing-labels.csv"]
        #expect {
            _ = try Pipeline.run(request, printer: CapturedLines().printer)
        } throws: { error in
            // Label files report every problem as a list (passed through unnamed by the runner).
            (error as? ProblemList)?.problems.first?.path == fixture.root + "/missing-labels.csv"
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.database))
        #expect(!FileManager.default.fileExists(atPath: fixture.out))
    }

    /// Relative path → bytes of every file under `root`.
    static func files(in root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
            }
        }
        return files
    }
}

extension SiteWriter {
    /// The resolved target, or nil when refused.
    var resolvedTargetOrNil: String? { try? resolvedTarget() }
}
