import FlowCore
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@testable import SAEEncoding

/// Boundary cases on SAELens folders written byte by byte: zero input, TopK ties, thresholds met exactly.
@Suite struct SpecialCaseTests {
    /// Writes a SAELens folder (`cfg.json` + F32 `sae_weights.safetensors`) and reads it back.
    static func sae(
        architecture: String, k: Int? = nil, applyBDec: Bool = false, tensors: [(String, [Int], [Float])]
    ) throws -> SAE {
        let folder = try TemporaryFolder("sae-encoding").path
        let dSAE = tensors.first { $0.0 == "W_dec" }!.1[0]
        let dIn = tensors.first { $0.0 == "W_dec" }!.1[1]
        var config =
            "{\"d_in\":\(dIn),\"d_sae\":\(dSAE),\"architecture\":\"\(architecture)\",\"apply_b_dec_to_input\":\(applyBDec),"
            + "\"normalize_activations\":\"none\",\"metadata\":{\"hook_name\":\"blocks.0.hook_resid_post\"}"
        if let k { config += ",\"k\":\(k)" }
        config += "}"
        try config.write(toFile: folder + "/cfg.json", atomically: true, encoding: .utf8)
        try Data(SafetensorsBytes.f32(tensors)).write(to: URL(fileURLWithPath: folder + "/sae_weights.safetensors"))
        var warnings: [String] = []
        return try SAELensReader.load(folder: folder, warnings: &warnings)
    }

    /// The 3 × 5 encoder whose pre-activations are the input's first coordinate times `scales`.
    static let scales: [Float] = [1, 2, 2, 2, 0.5]
    static func encoderTensors(bias: [Float]) -> [(String, [Int], [Float])] {
        var weight = [Float](repeating: 0, count: 15)
        for (feature, scale) in scales.enumerated() { weight[feature] = scale }
        return [
            ("W_enc", [3, 5], weight), ("b_enc", [5], bias), ("W_dec", [5, 3], [Float](repeating: 0.5, count: 15)),
            ("b_dec", [3], [0.25, -1, 3]),
        ]
    }

    /// All-zero input: the codes are relu(b_enc) (standard, no b_dec subtraction) and relu(b_enc − b_dec·W_enc)
    /// with the subtraction; a zero bias gives an empty code.
    @Test func zeroInput() throws {
        let zero = Matrix(rows: 2, columns: 3)
        let plain = try Self.sae(architecture: "standard", tensors: Self.encoderTensors(bias: [0.5, -1, 0, 2, -0.25]))
        let codes = try SAEEncoder(sae: plain).encode(zero)
        #expect(codes.code(0).map(\.index) == [0, 3] && codes.code(0).map(\.value) == [0.5, 2])
        #expect(codes.code(1).map(\.index) == [0, 3])
        // x' = −b_dec → pre = −0.25 · scales + bias = [0.25, −1.5, −0.5, 1.5, −0.375].
        let subtracting = try Self.sae(
            architecture: "standard", applyBDec: true, tensors: Self.encoderTensors(bias: [0.5, -1, 0, 2, -0.25]))
        let shifted = try SAEEncoder(sae: subtracting).encode(zero)
        #expect(shifted.code(0).map(\.index) == [0, 3] && shifted.code(0).map(\.value) == [0.25, 1.5])
        let empty = try Self.sae(architecture: "standard", tensors: Self.encoderTensors(bias: [0, 0, 0, 0, 0]))
        #expect(try SAEEncoder(sae: empty).encode(zero).activeCount == 0)
    }

    /// TopK with ties at the k-th place: the lower feature index wins, on every run and tiling.
    @Test func topKTiesPreferLowerIndex() throws {
        let sae = try Self.sae(architecture: "topk", k: 2, tensors: Self.encoderTensors(bias: [0, 0, 0, 0, 0]))
        // Three equal tokens: the later ones go through the guess taken from the token before.
        let input = Matrix(rows: 3, columns: 3, values: [1, 7, -3, 1, 7, -3, 1, 7, -3])
        for (budget, block) in [(1 << 20, 1), (1, 3), (4, 2)] {
            let codes = try SAEEncoder(sae: sae, tileBudget: budget, tokenBlock: block).encode(input)
            // Pre-activations [1, 2, 2, 2, 0.5]: features 1, 2 and 3 tie for the two places.
            for token in 0..<3 {
                #expect(codes.code(token).map(\.index) == [1, 2])
                #expect(codes.code(token).map(\.value) == [2, 2])
            }
        }
        // k beyond the positive entries: only positive values are kept.
        let wide = try Self.sae(architecture: "topk", k: 5, tensors: Self.encoderTensors(bias: [0, 0, 0, -3, -1]))
        #expect(try SAEEncoder(sae: wide).encode(input).code(2).map(\.index) == [0, 1, 2])
    }

    /// JumpReLU: a pre-activation exactly equal to its threshold is inactive (strict `>`, as SAELens and the
    /// Gemma Scope tutorial); the next float above is active.
    @Test func thresholdIsStrict() throws {
        var tensors = Self.encoderTensors(bias: [0, 0, 0, 0, 0])
        tensors.append(("threshold", [5], [1, 2, Float(2).nextDown, Float(2).nextUp, 0.25]))
        let sae = try Self.sae(architecture: "jumprelu", tensors: tensors)
        let codes = try SAEEncoder(sae: sae).encode(Matrix(rows: 1, columns: 3, values: [1, 0, 0]))
        // Pre-activations [1, 2, 2, 2, 0.5] against thresholds [1, 2, 2⁻, 2⁺, 0.25].
        #expect(codes.code(0).map(\.index) == [2, 4])
    }

    /// A decoder-only file loads as before and has no encoder; encoding it is refused with a typed error.
    @Test func decoderOnlyFile() throws {
        let sae = try Self.sae(
            architecture: "standard", tensors: [("W_dec", [2, 3], [1, 0, 0, 0, 1, 0]), ("b_dec", [3], [0, 0, 0])])
        #expect(sae.encoder == nil)
        #expect(throws: SAEEncodingError(path: sae.source.path, .noEncoder)) { try SAEEncoder(sae: sae) }
    }

    /// Sparse codes append and read back in CSR order.
    @Test func sparseCodesAppend() {
        var first = SparseCodes(featureCount: 4)
        [Int32(1), 3].withUnsafeBufferPointer { i in
            [Float(0.5), 2].withUnsafeBufferPointer { v in first.append(indices: i, values: v) }
        }
        var second = SparseCodes(featureCount: 4)
        [Int32(0)].withUnsafeBufferPointer { i in
            [Float(1)].withUnsafeBufferPointer { v in second.append(indices: i, values: v) }
        }
        first.append(second)
        #expect(first.rowStarts == [0, 2, 3] && first.indices == [1, 3, 0] && first.code(1).map(\.value) == [1])
    }
}
