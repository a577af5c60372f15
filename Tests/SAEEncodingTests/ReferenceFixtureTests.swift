import FlowCore
import Foundation
import LinearAlgebra
import Testing

@testable import SAEEncoding

/// The encoder on small random SAEs of every architecture and format, written with their expected codes by
/// the NumPy reference `bench/encoders/reference.py` and loaded here through the real readers.
@Suite struct ReferenceFixtureTests {
    static let folder: String = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path

    /// One fixture case: the SAE as read, the inputs, the expected codes and the optional normalisation constant.
    struct Case {
        var sae: SAE
        var inputs: Matrix
        var expected: [[(index: Int, value: Double)]]
        var normalizationScale: Float?
    }

    static func load(_ name: String) throws -> Case {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name + ".json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let path = folder + "/" + (try #require(json["path"] as? String))
        let sae: SAE
        switch try #require(json["format"] as? String) {
        case "saelens":
            var warnings: [String] = []
            sae = try SAELensReader.load(folder: path, warnings: &warnings)
        case "gemma-scope":
            sae = try GemmaScopeReader.load(
                path: path,
                location: GemmaScopeLocation(
                    modelSize: "2b", variant: "pt", hookSite: .res, layer: 3, widthLabel: "tiny", averageL0: 9))
        case "llama-scope": sae = try LlamaScopeReader.load(folder: path)
        default: sae = try SparsifyReader.load(folder: path)
        }
        let rows = try #require(json["inputs"] as? [[Double]])
        let width = try #require(json["d_in"] as? Int)
        let inputs = Matrix(rows: rows.count, columns: width, values: rows.flatMap { $0.map(Float.init) })
        let codes = try #require(json["codes"] as? [[String: [Double]]])
        let expected = codes.map { code in
            zip(code["indices"] ?? [], code["values"] ?? []).map { (Int($0), $1) }
        }
        return Case(
            sae: sae, inputs: inputs, expected: expected,
            normalizationScale: (json["normalization_scale"] as? Double).map(Float.init))
    }

    static let names = [
        "saelens_standard", "saelens_jumprelu", "saelens_topk_bf16", "saelens_gated", "saelens_expected_average",
        "gemma_scope", "llama_scope", "sparsify",
    ]

    /// Same active set, values within 1e-5 relative; whole-matrix and tiny tiles/blocks alike.
    @Test(arguments: names, [(1 << 22, 2048), (37, 5)])
    func matchesReference(name: String, tiling: (budget: Int, block: Int)) throws {
        let fixture = try Self.load(name)
        let encoder = try SAEEncoder(
            sae: fixture.sae, normalizationScale: fixture.normalizationScale, tileBudget: tiling.budget,
            tokenBlock: tiling.block)
        let codes = try encoder.encode(fixture.inputs)
        #expect(codes.tokenCount == fixture.expected.count)
        for (token, expected) in fixture.expected.enumerated() {
            let actual = codes.code(token)
            #expect(actual.map(\.index) == expected.map(\.index), "\(name) token \(token): active set")
            for (got, want) in zip(actual, expected) {
                let error = abs(Double(got.value) - want.value) / abs(want.value)
                #expect(error <= 1e-5, "\(name) token \(token) feature \(want.index): \(got.value) vs \(want.value)")
            }
        }
    }

    /// Split between two OpenBLAS threads (a part of the rows each, single-threaded products): the fixture's rows
    /// repeated to 301 still give the reference codes row by row, with tiles and blocks whole or tiny. The parts
    /// are 151 and 150 rows; 151 is prime, so parts joined out of order cannot line up with the repetition.
    @Test(arguments: names, [(1 << 22, 2048), (37, 5)])
    func splitBetweenThreadsMatchesReference(name: String, tiling: (budget: Int, block: Int)) throws {
        let fixture = try Self.load(name)
        let width = fixture.inputs.columns
        let rows = 301
        var values: [Float] = []
        for row in 0..<rows {
            let source = row % fixture.inputs.rows
            values += fixture.inputs.values[(source * width)..<((source + 1) * width)]
        }
        let encoder = try SAEEncoder(
            sae: fixture.sae, normalizationScale: fixture.normalizationScale, tileBudget: tiling.budget,
            tokenBlock: tiling.block)
        let threads = LinearAlgebra.openBLASThreads
        LinearAlgebra.openBLASThreads = 2
        defer { LinearAlgebra.openBLASThreads = threads }
        let codes = try encoder.encode(Matrix(rows: rows, columns: width, values: values))
        #expect(LinearAlgebra.openBLASThreads == 2, "the thread count is restored")
        #expect(codes.tokenCount == rows)
        for token in 0..<rows {
            let expected = fixture.expected[token % fixture.expected.count]
            let actual = codes.code(token)
            #expect(actual.map(\.index) == expected.map(\.index), "\(name) row \(token): active set")
            for (got, want) in zip(actual, expected) {
                #expect(abs(Double(got.value) - want.value) / abs(want.value) <= 1e-5, "\(name) row \(token)")
            }
        }
    }

    /// Every reader fills the encoder with the layout and conventions of its format.
    @Test func readersFillEncoders() throws {
        let standard = try Self.load("saelens_standard").sae.encoder
        #expect(standard?.layout == .inputMajor && standard?.applyDecoderBiasToInput == true)
        let gated = try Self.load("saelens_gated").sae.encoder
        #expect(gated?.gate != nil && gated?.bias == nil && gated?.normalization == .constantNormRescale)
        let gemma = try Self.load("gemma_scope").sae.encoder
        #expect(gemma?.applyDecoderBiasToInput == false && gemma?.layout == .inputMajor)
        let llama = try Self.load("llama_scope").sae.encoder
        #expect(llama?.layout == .featureMajor && llama?.datasetNormScale == Float(12.0.squareRoot() / 2.5))
        let sparsify = try Self.load("sparsify").sae.encoder
        #expect(sparsify?.layout == .featureMajor && sparsify?.applyDecoderBiasToInput == true)
    }

    /// `expected_average_only_in` without its constant is refused, naming the SAE.
    @Test func expectedAverageNeedsScale() throws {
        let fixture = try Self.load("saelens_expected_average")
        #expect(throws: SAEEncodingError.self) { try SAEEncoder(sae: fixture.sae) }
    }
}
