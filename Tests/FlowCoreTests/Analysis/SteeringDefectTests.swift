import CanonicalOutput
import FlowExport
import Foundation
import SQLiteSupport
import Testing

@testable import FlowCore

/// The steering defects of issue 16, each pinned by a test that failed before its fix.
@Suite struct SteeringDefectTests {
    typealias W = FixtureWriter
    func id(_ text: String) -> FeatureID { AnalysisFixtures.id(text) }

    /// Every SAE of the analysis fixture with 8 features whose raw decoder rows have norm 3·(i + 1)
    /// (SAELens standard/TopK and sparsify rows are not unit length).
    static func norms() -> [Int: [HookSite: [Float]]] {
        let row = (0..<8).map { Float(3 * ($0 + 1)) }
        return Dictionary(uniqueKeysWithValues: (0..<3).map { ($0, [HookSite.res: row, .mlp: row, .att: row]) })
    }

    func planner(hooks: [Int: [HookSite: String]] = [:]) -> SteeringPlanner {
        SteeringPlanner(
            graphs: FlowAnalysis(table: AnalysisFixtures.table).graphs,
            thresholds: [0: [.res: [2, 3, 4], .mlp: [0, 0, 0, 0, 0.5]], 1: [.res: [1.5, 2.5, 3.5]]],
            hooks: hooks, decoderNorms: Self.norms())
    }

    // MARK: decoder norm

    @Test func snippetUsesTheRawDecoderRow() throws {
        let plan = try planner().plan(SteeringRequest(seed: id("1/res/1"), strength: 8))
        let snippet = plan.pythonSnippet()
        // Before the fix the snippet divided the row by its norm (`vec = vec / vec.norm()`).
        #expect(!snippet.contains("vec / vec.norm()"))
        #expect(snippet.contains("vec = sae.W_dec[e[\"feature\"]].detach()"))
        #expect(snippet.contains("decoderNorm"))
    }

    @Test func planStatesEachRawDecoderNorm() throws {
        let plan = try planner().plan(SteeringRequest(seed: id("1/res/1"), strength: 8))
        // Entries: 0/res/0, 0/mlp/4, 1/res/1, 1/mlp/5, 1/att/1 → norms 3·(i + 1).
        #expect(plan.entries.map(\.decoderNorm) == [3, 15, 6, 18, 6])
        let json = CanonicalJSON.string(plan)
        #expect(json.contains("\"decoderNorm\":15"))
        // A database without recorded norms plans without them (nil, key absent).
        let bare = SteeringPlanner(
            graphs: planner().graphs, thresholds: planner().thresholds, hooks: [:])
        let old = try bare.plan(SteeringRequest(seed: id("1/res/1"), strength: 8))
        #expect(old.entries.allSatisfy { $0.decoderNorm == nil })
        #expect(!CanonicalJSON.string(old).contains("decoderNorm"))
    }

    @Test func entryDeltaFoldsOnTheRawRowAndRescaleZeroRemovesTheShare() throws {
        // Raw row of norm 5 (3, 4): add moves h by s′·θ·W_dec[i], not by s′·θ·unit row.
        let row: [Float] = [3, 4]
        let entry = SteeringEntry(
            layer: 0, hookSite: .res, feature: 0, coefficient: 2, threshold: 0.5, scale: 1, cosine: 1, decoderNorm: 5)
        #expect(entry.delta(row: row, activation: 7, operation: .add) == [3, 4])
        // Rescale with r = 0: h = b + a·W_dec[i] (the SAE's reconstruction share) loses exactly a·W_dec[i].
        let a: Float = 1.5
        var removing = entry
        removing.scale = 0
        let h: [Float] = [0.25 + a * 3, -1 + a * 4]
        let steered = zip(h, removing.delta(row: row, activation: a, operation: .rescale)).map { $0 + $1 }
        #expect(abs(steered[0] - 0.25) < 1e-6 && abs(steered[1] - -1) < 1e-6)
    }

    @Test func saeRecordMeasuresRawRowNorms() {
        let decoder = DecoderMatrix(rows: 3, columns: 2, values: [3, 4, 0, 0, 1, 1])
        #expect(SAERecord.rowNorms(of: decoder, block: 2) == [5, 0, Float(2).squareRoot()])
    }

    @Test func decoderNormsAreStoredAndOldDatabasesStillOpen() throws {
        let folder = W.temporaryFolder("norms")
        let path = folder + "/old.sqlite"
        // A version-3 file from before the column: its `sae` table has no `decoder_norms`.
        do {
            let old = try SQLiteDatabase(path: path)
            try old.execute(
                """
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO meta VALUES ('schema_version', '3');
                CREATE TABLE sae(
                    layer INTEGER NOT NULL, site TEXT NOT NULL, path TEXT NOT NULL, format TEXT NOT NULL,
                    hook_name TEXT NOT NULL, d_in INTEGER NOT NULL, d_sae INTEGER NOT NULL, dtype TEXT NOT NULL,
                    architecture TEXT NOT NULL, sha256 TEXT NOT NULL, neuronpedia_id TEXT,
                    projected INTEGER NOT NULL DEFAULT 0, thresholds BLOB, PRIMARY KEY(layer, site));
                INSERT INTO sae VALUES (0, 'res', 'p', 'saelens', 'blocks.0.hook_resid_post', 2, 3, 'F32', 'standard',
                    'abc', NULL, 0, NULL);
                """)
        }
        let readOnly = try FlowDatabase(path: path, readOnly: true)
        #expect(try readOnly.saes().map(\.decoderNorms) == [nil])
        #expect(try readOnly.decoderNorms().isEmpty)
        let writable = try FlowDatabase(path: path)  // adds the column
        var record = try writable.saes()[0]
        record.decoderNorms = [5, 0.5, 2]
        try writable.writeSAEs([record])
        #expect(try FlowDatabase(path: path, readOnly: true).decoderNorms() == [0: [.res: [5, 0.5, 2]]])
    }

    @Test func matchRecordsNormsAndRerunsReuseThem() throws {
        let db = try FlowDatabase(path: W.temporaryFolder("reuse") + "/flow.sqlite")
        let sae = SAE(
            source: SAESource(path: "p", weightFiles: [], format: .saelens, dtype: "F32"), layer: 0, hookSite: .res,
            hookName: "blocks.0.hook_resid_post", dIn: 2, dSAE: 2, architecture: .standard,
            decoder: DecoderMatrix(rows: 2, columns: 2, values: [3, 4, 6, 8]))
        let first = try db.saeRecord(sae, sha256: "abc", projected: false)
        #expect(first.decoderNorms == [5, 10])
        var stored = first
        stored.decoderNorms = [7, 9]  // marks the stored row: a reuse returns these, a measurement 5, 10
        try db.writeSAEs([stored])
        #expect(try db.saeRecord(sae, sha256: "abc", projected: false).decoderNorms == [7, 9])
        #expect(try db.saeRecord(sae, sha256: "changed", projected: false).decoderNorms == [5, 10])
    }

    // MARK: attention leaves read at hook_z

    @Test func hookZLeavesAreSteeredWithTheirPerHeadRowAtHookZ() throws {
        let plan = try planner(hooks: [1: [.res: "blocks.1.hook_resid_post", .att: "blocks.1.attn.hook_z"]]).plan(
            SteeringRequest(seed: id("1/res/1"), strategy: .singleLayer, strength: 8))
        #expect(plan.entries.contains { $0.hookSite == .att && $0.feature == 1 })
        #expect(plan.hooks["1/att"] == "blocks.1.attn.hook_z")
        // TransformerLens' hook_z is [batch, pos, heads, d_head]: the snippet must steer the flattened
        // heads·d_head vector (the row's own space) and restore the shape. Before: `h + scale * vec`.
        let snippet = plan.pythonSnippet()
        #expect(snippet.contains("x = h.flatten(-2) if hook.name.endswith(\"hook_z\") else h"))
        #expect(snippet.contains("return out.reshape(shape)"))
    }

    // MARK: Llama Scope θ

    /// θ·‖V‖ is the length of the vector `add` folds in at s′ = 1, in the units of the hooked
    /// activation. For Llama Scope it must equal SAELens' own conversion (FORMATS.md §3.4:
    /// threshold t·s_in, W_dec = stored column / s_in), i.e. t·‖D_j‖: featureflow's standardised row
    /// (D·s_in/s_out) already carries the dataset-norm scale, so θ = t. Dividing θ by s_in as well
    /// (the fold issue 16 proposed) would be wrong by 1/s_in; this pins it.
    @Test func llamaScopeThresholdTimesRowIsInActivationUnits() throws {
        let folder = W.temporaryFolder("llama-theta") + "/Llama3_1-8B-Base-L3R-8x"
        // d_model 4, in = out = 8 → s_in = s_out = sqrt(4)/8 = 0.25; columns (3, 4, 0, 0) and (0, 0, 1, 0).
        let t = 0.5
        let sIn = 2.0 / 8.0
        W.write(
            """
            {"hook_point_in": "blocks.3.hook_resid_post", "hook_point_out": "blocks.3.hook_resid_post",
             "d_model": 4, "d_sae": 2, "act_fn": "jumprelu", "jump_relu_threshold": \(t),
             "dataset_average_activation_norm": {"in": 8.0, "out": 8.0}, "sparsity_include_decoder_norm": false}
            """, to: folder + "/hyperparams.json")
        W.write(
            W.safetensors([
                .f32("decoder.bias", [4], [0, 0, 0, 0]), .f32("decoder.weight", [4, 2], [3, 0, 4, 0, 0, 1, 0, 0]),
                .f32("encoder.bias", [2], [0, 0]), .f32("encoder.weight", [2, 4], .init(repeating: 1, count: 8)),
            ]), to: folder + "/checkpoints/final.safetensors")
        let record = SAERecord(try LlamaScopeReader.load(folder: folder), sha256: "x", projected: false)
        let theta = try #require(record.thresholds)
        let norms = try #require(record.decoderNorms)
        // SAELens: θ_SL = t·s_in, ‖W_dec_SL[j]‖ = ‖D_j‖/s_in → θ_SL·‖W_dec_SL[j]‖ = t·‖D_j‖ = 2.5 and 0.5.
        for (j, columnNorm) in [5.0, 1.0].enumerated() {
            let saeLens = (t * sIn) * (columnNorm / sIn)
            #expect(abs(Double(theta[j] * norms[j]) - saeLens) < 1e-6)
        }
    }

    // MARK: the entry's cosine

    /// Seed 0/res/0 continues to 1/res/1 (0.9) and 2/res/1 (0.7); 2/res/1's best predecessor is the
    /// descendant 1/res/0 (0.6), so 2/res/1 has two incoming edges.
    static var descendantTable: ScoreTable {
        let c = AnalysisFixtures.column
        return ScoreTable(layers: [
            LayerScores(layer: 0, count: 2, res: nil, mlp: nil, att: nil, forward: c([(1, 0.9), (0, 0.1)])),
            LayerScores(
                layer: 1, count: 2, res: c([(0, 0.8), (1, 0.5)]), mlp: nil, att: nil,
                forward: c([(0, 0.3), (1, 0.7)])),
            LayerScores(layer: 2, count: 2, res: c([(1, 0.2), (0, 0.6)]), mlp: nil, att: nil, forward: nil),
        ])
    }

    @Test func entryCosineIsTheSpineLinkNotADescendantEdge() throws {
        let graphs = FlowAnalysis(table: Self.descendantTable).graphs
        let graph = try #require(graphs.graph(seed: id("0/res/0")))
        #expect(graph.spine == [id("0/res/0"), id("1/res/1"), id("2/res/1")])
        #expect(graph.edges.contains { $0.from == id("1/res/0") && $0.to == id("2/res/1") })
        let plan = try SteeringPlanner(graphs: graphs, thresholds: [:], hooks: [:]).plan(
            SteeringRequest(seed: id("0/res/0"), strength: 1, layer: 2))
        #expect(plan.entries.map(\.cosine) == [1, 0.9, 0.7])
    }

    // MARK: defaults and the reading of l

    @Test func defaultsAreThePapersSettings() {
        #expect(SteeringRequest.paperSetting(.singleLayer) == (8, -0.05))
        #expect(SteeringRequest.paperSetting(.cumulative) == (3, -0.25))
        let cumulative = SteeringRequest.paper(seed: id("1/res/1"), strategy: .cumulative)
        #expect(cumulative.schedule == .exponential(alpha: -0.25) && cumulative.strength == 3)
        #expect(cumulative.layerOrigin == .absolute)
    }

    @Test func layerOriginChoosesTheReadingOfL() {
        var request = SteeringRequest.paper(seed: id("1/res/1"), strategy: .cumulative)
        // Absolute: l = 5 → 3·e^{−1.25}; from l_start = 4: l = 1 → 3·e^{−0.25}.
        #expect(abs(request.coefficient(at: 5, span: 4...6) - 3 * Float(exp(-1.25))) < 1e-6)
        request.layerOrigin = .spanStart
        #expect(abs(request.coefficient(at: 5, span: 4...6) - 3 * Float(exp(-0.25))) < 1e-6)
        #expect(request.coefficient(at: 4, span: 4...6) == 3)
        let json = CanonicalJSON.string(
            SteeringPlan(request: request, spanStart: 4, spanEnd: 6, layers: [4], entries: [], hooks: [:]))
        #expect(json.contains("\"layerOrigin\":\"span-start\""))
    }
}
