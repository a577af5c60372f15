import CanonicalOutput
import Testing

@testable import FlowCore

@Suite struct FlowGraphTests {
    let analysis = FlowAnalysis(table: AnalysisFixtures.table)
    func id(_ text: String) -> FeatureID { AnalysisFixtures.id(text) }

    @Test func spineRunsBackToLayerZeroAndForwardToTheLastLayer() throws {
        let graph = try #require(analysis.graphs.graph(seed: id("1/res/1")))
        #expect(graph.spine == [id("0/res/0"), id("1/res/1"), id("2/res/1")])
        #expect(graph.node(id("0/res/0"))?.role == .ancestor)
        #expect(graph.node(id("2/res/1"))?.role == .continuation)
        #expect(graph.node(id("1/res/1"))?.originClass == .processed)
    }

    @Test func leavesAboveTheDisplayThresholdOnly() throws {
        let graph = try #require(analysis.graphs.graph(seed: id("1/res/1")))
        // 0/res/0 ← mlp 4 (0.9); 1/res/1 ← mlp 5 (0.7); 1/res/1 att 0.2 and 2/res/1 leaves are below 0.25.
        let leaves = graph.nodes.filter { $0.role == .leaf }.map(\.id)
        #expect(leaves == [id("0/mlp/4"), id("1/mlp/5")])
        #expect(graph.nodes.filter { $0.role == .leaf }.allSatisfy { $0.originClass == nil })
        let edge = try #require(graph.edges.first { $0.from == id("1/mlp/5") })
        #expect(edge.to == id("1/res/1") && edge.kind == .mlp && edge.cosine == 0.7 && !edge.weak)
    }

    @Test func descendantsFollowTheInverseMap() throws {
        let graph = try #require(analysis.graphs.graph(seed: id("0/res/0")))
        // 1/res/0 and 1/res/1 pick 0/res/0; 2/res/0 and 2/res/2 pick 1/res/0; 2/res/1 picks 1/res/1.
        let residual = Set(graph.nodes.filter { $0.id.hookSite == .res }.map(\.id))
        #expect(residual == Set(["0/res/0", "1/res/0", "1/res/1", "2/res/0", "2/res/1", "2/res/2"].map(id)))
        #expect(graph.node(id("1/res/0"))?.role == .continuation)
        #expect(graph.node(id("2/res/2"))?.role == .descendant)
        #expect(!graph.descendantsTruncated)
        // The continuation edge 0/res/0 → 1/res/0 is one edge, not two.
        #expect(graph.edges.filter { $0.from == id("0/res/0") && $0.to == id("1/res/0") }.count == 1)
    }

    @Test func descendantCapIsReported() throws {
        var parameters = FlowGraphParameters()
        parameters.maxDescendants = 2
        let analysis = FlowAnalysis(table: AnalysisFixtures.table, graphParameters: parameters)
        let graph = try #require(analysis.graphs.graph(seed: id("0/res/0")))
        #expect(graph.descendantsTruncated)
    }

    @Test func weakLinksAndSteeringSpan() throws {
        let graph = try #require(analysis.graphs.graph(seed: id("1/res/1")))
        let forward = try #require(graph.edges.first { $0.from == id("1/res/1") && $0.to == id("2/res/1") })
        #expect(forward.weak)  // 0.4 < 0.5
        // Back: s(R) of 1/res/1 is 0.6 ≥ 0.5 → span reaches layer 0; forward 0.4 < 0.5 stops at 1.
        #expect(graph.steeringSpan == 0...1)
    }

    @Test func unknownSeedGivesNoGraph() {
        #expect(analysis.graphs.graph(seed: id("1/res/3")) == nil)
        #expect(analysis.graphs.graph(seed: id("1/mlp/0")) == nil)
        #expect(analysis.graphs.graph(seed: id("9/res/0")) == nil)
    }

    @Test func lifespansFollowPersistentLinks() {
        // Threshold 0.25: 0/res/0 → 1/res/0 (0.8) → 2/res/0 (0.9), also → 1/res/1 (0.6) → 2/res/1 (0.4).
        let spans = analysis.lifespans
        #expect(spans.span(of: id("0/res/0")) == 0...2)
        #expect(spans.span(of: id("2/res/1")) == 0...2)
        #expect(spans.span(of: id("1/res/2")) == 1...1)  // s(R) 0.2 < 0.25: born at layer 1, no children
        #expect(spans.span(of: id("0/res/2")) == 0...0)
        let stats = LayerStatistics.all(analysis)
        #expect(stats.map(\.births) == [3, 1, 0])
        #expect(stats[1].classCounts[.translated] == 1 && stats[1].classCounts[.unexplained] == 0)
        #expect(stats[1].resHistogram?.reduce(0, +) == 3)
        #expect(stats[0].resHistogram == nil)
    }

    @Test func graphJSONIsVersionedAndDeterministic() throws {
        let graph = try #require(analysis.graphs.graph(seed: id("1/res/1")))
        let first = CanonicalJSON.string(graph)
        #expect(first == CanonicalJSON.string(analysis.graphs.graph(seed: id("1/res/1"))!))
        #expect(first.contains("\"seed\":{\"index\":1,\"layer\":1,\"site\":\"res\"}"))
    }
}
