import FlowCore
import Testing

@testable import FlowReport
@testable import SiteKit

/// The feature page's chain, lifespan and diagram tell one story (issue 15, item 7).
@Suite struct FeatureChainTests {
    func id(_ text: String) -> FeatureID { ReportFixtures.id(text) }

    @Test func ancestryEndsAtALinkBelowTheThreshold() throws {
        let context = ReportFixtures.context()
        let dossier = try #require(context.dossier(id("2/res/0")))
        // The graph's spine still runs back through the 0.1 link; the page's chain does not.
        #expect(dossier.graph.spine.first == id("0/res/1"))
        #expect(dossier.lifespan.chain == [id("1/res/1"), id("2/res/0")])
        #expect(dossier.lifespan.birth == 1 && dossier.lifespan.end == 2)
        #expect(dossier.lifespan.belowThreshold == .init(id: id("0/res/1"), cosine: 0.1))
        #expect(dossier.lifespan.bornAs == .newbornMLP)
        let rows = try PageRows.chain(dossier, context).html
        #expect(rows.contains("1-res-1.html\">1/res/1</a> born here"))
        #expect(!rows.contains("0/res/1"))
    }

    @Test func chainFollowsTheDescendantThatReachesTheEnd() throws {
        let context = ReportFixtures.context()
        // 1/res/0 → 2/res/1 → 3/res/0 (0.9) and 3/res/2 (0.5): the stronger one is the chain.
        let dossier = try #require(context.dossier(id("1/res/0")))
        #expect(dossier.lifespan.chain == [id("0/res/0"), id("1/res/0"), id("2/res/1"), id("3/res/0")])
    }

    @Test func diagramDrawsContextFaintAndWindowsTheLifespan() throws {
        let context = ReportFixtures.context()
        let dossier = try #require(context.dossier(id("2/res/0")))
        let diagram = FeatureDiagram(dossier, context: context)
        let nodes = Dictionary(uniqueKeysWithValues: diagram.full.nodes.map { ($0.id, $0) })
        #expect(nodes["0/res/1"]?.aside == true)
        #expect(nodes["3/res/0"]?.aside == true)  // forward top-1, not a descendant
        #expect(nodes["1/res/1"]?.aside == false && nodes["1/res/1"]?.note == "born here as newborn (MLP)")
        #expect(nodes["1/mlp/2"]?.aside == false)
        let edges = Dictionary(uniqueKeysWithValues: diagram.full.edges.map { ("\($0.from)>\($0.to)", $0) })
        #expect(edges["0/res/1>1/res/1"]?.aside == true)
        #expect(edges["0/res/1>1/res/1"]?.note == "below the threshold: not a flow")
        #expect(edges["2/res/0>3/res/0"]?.note == "matched but not a descendant")
        #expect(edges["1/res/1>2/res/0"]?.aside == false)
        #expect(diagram.window == 1...3 && diagram.isCut)
        #expect(diagram.inline.nodes.allSatisfy { (1...3).contains($0.layer) })
        let svg = try FlowDiagramRenderer().inlineSVG(diagram.inline)
        #expect(svg.contains("class=\"aside\"") && !svg.contains(">0/res/1"))
    }

    @Test func windowKeepsTheSeedInViewOnLongGraphs() {
        // A 26-layer graph, lifespan 3…20, seed 12: nine columns around the seed.
        let window = FeatureDiagram.window(seed: 12, lifespan: 3...20, drawn: 0...25, maxColumns: 9)
        #expect(window == 8...16)
        #expect(FeatureDiagram.window(seed: 25, lifespan: 24...25, drawn: 0...25, maxColumns: 9) == 24...25)
        #expect(FeatureDiagram.window(seed: 3, lifespan: 0...20, drawn: 0...25, maxColumns: 9) == 0...8)
        #expect(FeatureDiagram.window(seed: 0, lifespan: 0...0, drawn: 0...0, maxColumns: 9) == 0...0)
    }

    @Test func quantileLifespansUseTheClassThresholds() throws {
        let fixed = ReportFixtures.context()
        let quantile = ReportFixtures.context(mode: .quantile(0.5))
        let analysis = quantile.analysis
        for layer in 1...3 {
            #expect(analysis.lifespans.threshold(at: layer) == analysis.classification.thresholds[layer]?.res)
        }
        // Layer 2's median s(R) is 0.7: 2/res/2 (0.3) is a newborn there, and its chain starts at layer 2,
        // while under the fixed 0.25 it reaches back to 0/res/2.
        #expect(analysis.classification.originClass(of: id("2/res/2")) != .translated)
        #expect(analysis.lifespans.span(of: id("2/res/2"))?.lowerBound == 2)
        #expect(fixed.analysis.lifespans.span(of: id("2/res/2"))?.lowerBound == 0)
        let dossier = try #require(quantile.dossier(id("2/res/2")))
        #expect(dossier.lifespan.chain.first == id("2/res/2"))
    }
}
