import FlowCore
import FlowExport
import Foundation
import TestSupport
import Testing

@testable import FlowReport
@testable import SiteKit

/// Feature, layer, index and Evidence pages with run-time evidence (issue 15, item 6), on the hand-made score
/// table of `ReportFixtures` and evidence rows written with the evidence write API.
@Suite struct EvidencePagesTests {
    func id(_ text: String) -> FeatureID { ReportFixtures.id(text) }

    /// Hostile tokens: markup, quotes, a bell, a right-to-left override and mark, newline, tab.
    static let hostile = [
        " the", "<script>", "alert(\"x\")", "</script>", " 'q'", "\u{0007}", "\u{202E}evil", "\u{200F}", "\n", "\t",
        " Mars",
    ]

    static func run() -> EvidenceRun {
        EvidenceRun(
            key: "k", source: "model", model: "tiny <model>", texts: ["a.txt", "<b>.jsonl"], sequences: 0, tokens: 0,
            context: 8, seed: 3, parameters: "{\"top\":20}")
    }

    /// A database holding one complete evidence run over the fixture's layers.
    static func database(_ folder: TemporaryFolder) throws -> FlowDatabase {
        let database = try FlowDatabase(path: folder.path + "/flow.sqlite")
        let run = try database.beginEvidenceRun(run())
        try database.write(
            [
                SAEEvidence(
                    layer: 2, hookSite: .res, tokens: 1000, fve: 0.42, l0: 12.5, deadFraction: 0.1, denseFraction: 0),
                SAEEvidence(
                    layer: 1, hookSite: .mlp, tokens: 1000, fve: 0.91, l0: 8, deadFraction: 0, denseFraction: 0.01),
            ], run: run)
        try database.write(
            [
                FeatureActivity(
                    layer: 2, hookSite: .res, feature: 0, active: 31, mean: 1.5, max: 4,
                    histogram: ActivationHistogram(edges: [0, 1, 2, 3, 4], counts: [10, 0, 20, 1]))
            ], run: run)
        // 2/res/0: focus tokens " Mars" ×3, "<script>" ×2, "\n" ×1 (ranks 1…6).
        let focus = [10, 1, 10, 1, 8, 10]
        try database.write(
            focus.enumerated().map { rank, index in
                FeatureContext(
                    layer: 2, hookSite: .res, feature: 0, rank: rank + 1, activation: 4 - Double(rank) * 0.25,
                    sequence: rank, position: index, tokens: hostile, focus: index)
            }, run: run)
        try database.write(
            [
                // 1/res/1 → 2/res/0: 310 of 1000 against 7 of 1000 (above chance).
                Coactivation(
                    layer: 2, feature: 0, hookSite: .res, predecessor: 1, targetActive: 1000, bothActive: 310,
                    randomFeature: 2, randomBothActive: 7),
                // 1/mlp/2 → 1/res/1: 5 of 400 against 8 of 400 (not above chance).
                Coactivation(
                    layer: 1, feature: 1, hookSite: .mlp, predecessor: 2, targetActive: 400, bothActive: 5,
                    randomFeature: 0, randomBothActive: 8),
            ], run: run)
        try database.write(
            [1, 2].flatMap { layer in
                [
                    GroupCount(layer: layer, predecessors: 1, group: .fromNowhere, events: 25),
                    GroupCount(layer: layer, predecessors: 1, group: .res, events: 75),
                    GroupCount(layer: layer, predecessors: 5, group: .all, events: 40),
                ]
            }, run: run)
        try database.write(
            [
                Deactivation(layer: 1, mode: "top1", r: 0, samples: 100, successes: 50, meanChange: 0.9),
                Deactivation(layer: 2, mode: "top1", r: 0, samples: 300, successes: 30, meanChange: 0.5),
                Deactivation(layer: 1, mode: "top5", r: 0, samples: 100, successes: 80, meanChange: 1),
                Deactivation(layer: 1, mode: "top1", r: 2, samples: 100, successes: 0, meanChange: -0.8),
            ], run: run)
        try database.completeEvidenceRun(id: run, sequences: 4, tokens: 1000)
        return database
    }

    /// Builds the fixture's site (every feature paged) into `folder/site`, with the database's evidence.
    static func site(_ folder: TemporaryFolder, database: FlowDatabase, labels: LabelSet = LabelSet()) throws
        -> ReportContext
    {
        let plain = ReportFixtures.context(labels: labels)
        let features = plain.selection.residual + plain.selection.modules
        let context = ReportFixtures.context(
            labels: labels, evidence: try SiteEvidence.load(database: database, features: features))
        var options = SiteOptions()
        options.templates = PageRendererTests.templates
        options.includeDatabase = false
        let staging = SiteStaging(root: folder.path + "/site")
        try FileManager.default.createDirectory(atPath: staging.root, withIntermediateDirectories: true)
        _ = try SiteBuilder(options: options).build(
            context: context, database: database, into: staging, printer: ProgressPrinter(quiet: true))
        return context
    }

    @Test func evidenceLoadsOnlyFromACompleteRun() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let empty = try FlowDatabase(path: folder.path + "/empty.sqlite")
        #expect(try SiteEvidence.load(database: empty, features: [id("2/res/0")]) == nil)
        _ = try empty.beginEvidenceRun(Self.run())  // never completed
        #expect(try SiteEvidence.load(database: empty, features: [id("2/res/0")]) == nil)

        let evidence = try #require(
            try SiteEvidence.load(database: try Self.database(folder), features: [id("2/res/0"), id("1/res/1")]))
        #expect(evidence.run.tokens == 1000 && evidence.quality.count == 2)
        #expect(evidence.activity[id("2/res/0")]?.active == 31 && evidence.activity[id("1/res/1")] == nil)
        #expect(evidence.contexts[id("2/res/0")]?.map(\.rank) == [1, 2, 3, 4, 5, 6])
        #expect(evidence.coactivation(of: id("1/res/1"), with: id("2/res/0"))?.bothActive == 310)
        // Not the recorded predecessor, or the wrong layer: no row.
        #expect(evidence.coactivation(of: id("1/res/0"), with: id("2/res/0")) == nil)
        #expect(evidence.coactivation(of: id("2/mlp/2"), with: id("1/res/1")) == nil)
        #expect(evidence.provisionalLabel(id("2/res/0")) == "“Mars”, “<script>”, “↵”")
    }

    @Test func contextsAreEscapedAndInvisibleCharactersShown() throws {
        let contexts = [
            FeatureContext(
                layer: 2, hookSite: .res, feature: 0, rank: 1, activation: 3.14159, sequence: 0, position: 1,
                tokens: Self.hostile, focus: 1)
        ]
        let html = try PageRows.contexts(contexts, limit: 10).html
        #expect(
            html.hasPrefix("<tr><td>3.14<td><bdi> the<mark>&lt;script&gt;</mark>alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(!html.contains("<script") && !html.contains("\u{202E}") && !html.contains("\u{200F}"))
        #expect(!html.contains("\u{0007}") && !html.contains("\n") && !html.contains("\t"))
        // Eight tokens after the active one, then "…" (" Mars" is the ninth).
        #expect(html.contains("⟨RLO⟩evil⟨RLM⟩↵⇥…</bdi>") && html.contains("␇"))
        #expect(ContextText.visible(" a b", spaces: true) == "·a·b")
        #expect(ContextText.visible("plain text") == "plain text")
        #expect(ContextText.visible("é\u{85}東\u{FEFF}\u{7F}\r", spaces: true) == "é⟨U+0085⟩東⟨BOM⟩␡␍")
        // Long windows are cut around the active token.
        let long = (0..<100).map { "t\($0) " }
        let cut = try PageRows.contexts(
            [
                FeatureContext(
                    layer: 0, hookSite: .res, feature: 0, rank: 1, activation: 1, sequence: 0, position: 0,
                    tokens: long, focus: 50)
            ], limit: 10
        ).html
        #expect(cut.contains("…t34 ") && !cut.contains("t33 ") && cut.contains("t58 …") && !cut.contains("t59"))
    }

    @Test func coactivationLinesAndDiagramEdges() throws {
        let row = Coactivation(
            layer: 2, feature: 0, hookSite: .res, predecessor: 1, targetActive: 1000, bothActive: 310, randomFeature: 2,
            randomBothActive: 7)
        #expect(
            PageRows.coactivationText(row)
                == "fires with it 31 % of the time; a random feature of that SAE: 0.7 % (310 of 1000 tokens)")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try Self.database(folder)
        let context = ReportFixtures.context(
            evidence: try SiteEvidence.load(database: database, features: [id("2/res/0"), id("1/res/1")]))
        let dossier = try #require(context.dossier(id("2/res/0")))
        let diagram = FeatureDiagram(dossier, context: context) { FeatureEvidence.edgeNote($0, context: context) }
        let edges = Dictionary(uniqueKeysWithValues: diagram.full.edges.map { ("\($0.from)>\($0.to)", $0) })
        let chain = try #require(edges["1/res/1>2/res/0"])
        #expect(
            chain.note == "fires with it 31 % of the time; a random feature of that SAE: 0.7 %" && !chain.unsupported)
        let leaf = try #require(edges["1/mlp/2>1/res/1"])
        #expect(leaf.unsupported && leaf.note?.hasPrefix("fires with it 1.3 %") == true)
        let svg = try FlowDiagramRenderer().inlineSVG(diagram.inline)
        #expect(svg.contains("nocoact") && svg.contains("<title>1/res/1 → 2/res/0: cosine 0.80; fires with it 31 %"))
    }

    @Test func sitePagesShowTheEvidence() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try Self.site(folder, database: try Self.database(folder))
        let page = try #require(folder.read("site/features/2-res-0.html"))
        #expect(page.contains("Fires on 3.1 % of the 1,000 evidence tokens (31)"))
        #expect(page.contains("<svg") && page.contains("class=\"act-hist\""))
        #expect(page.contains("6 of the 6 stored contexts"))
        #expect(page.contains("&lt;script&gt;") && !page.contains("<script>") && !page.contains("\u{202E}"))
        #expect(page.contains("fires with it 31 % of the time; a random feature of that SAE: 0.7 %"))
        #expect(page.contains("provisional: the most frequent active tokens"))
        #expect(page.contains("href=\"../evidence.html\">Evidence</a>"))
        let index = try #require(folder.read("site/assets/search-index.js"))
        #expect(index.contains("provisional: “Mars”, “\\u003cscript\\u003e”, “↵”"))

        let evidence = try #require(folder.read("site/evidence.html"))
        // Table 1: top1 overall = (50 + 30) / 400 = 20 %, change (0.9·100 + 0.5·300) / 400 = 0.600.
        #expect(evidence.contains("title=\"400 samples\">20 %</td><td class=\"num\">0.600</td>"))
        #expect(evidence.contains("title=\"100 samples\">50 %</td><td class=\"num\">0.900</td>"))
        #expect(evidence.contains("tiny &lt;model&gt;") && evidence.contains("a.txt, &lt;b&gt;.jsonl"))
        #expect(evidence.contains("chart lines") && evidence.contains("chart shares"))
        // Groups at layer 1, top-1: From nowhere 25 %, From RES 75 %.
        #expect(
            evidence.contains(
                "<td class=\"num\">1</td><td class=\"num\">top-1</td><td class=\"num\">100</td><td class=\"num\">25 %</td><td class=\"num\">75 %</td>"
            ))

        let layer = try #require(folder.read("site/layers/2.html"))
        #expect(layer.contains("explains only 0.420 of the variance") && layer.contains("Activation groups"))
        let overview = try #require(folder.read("site/index.html"))
        #expect(overview.contains("0.420 ⚠") && overview.contains("0.910"))
        let report = try SiteChecker(root: folder.path + "/site").check()
        #expect(report.problems.map(\.description) == [])
    }

    @Test func withoutEvidencePagesStayAsTheyWere() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try FlowDatabase(path: folder.path + "/flow.sqlite")
        _ = try Self.site(folder, database: database)
        #expect(!folder.exists("site/evidence.html"))
        let page = try #require(folder.read("site/features/2-res-0.html"))
        #expect(!page.contains("Top activations") && !page.contains("Evidence") && !page.contains("provisional"))
        #expect(!(try #require(folder.read("site/index.html"))).contains("Evidence on text"))
        let report = try SiteChecker(root: folder.path + "/site").check()
        #expect(report.problems.map(\.description) == [])
    }

    @Test func histogramBarsScaleWithTheirCounts() throws {
        let svg = try ActivationHistogramRenderer().inlineSVG(
            edges: [0, 1, 2, 3, 4], counts: [10, 0, 20, 5], title: "h <x>")
        // 240 px over four bins: bars of 60 px; heights 24, 48, 12 of 48.
        #expect(svg.contains("d=\"M0 48V24H59V48zM120 48V0H179V48zM180 48V36H239V48z\""))
        #expect(svg.contains("<title>h &lt;x&gt;</title>"))
    }
}
