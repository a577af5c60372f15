import FlowCore
import LinearAlgebra
import ModelRuntime
import SAEEncoding

/// Measures generated texts on a clean (unsteered) pass of the model (docs/steering.md): the NLL of the
/// generated tokens, and which held-out theme features the residual SAEs find active on them.
public struct SteeringEvaluator {
    /// The model (run without hooks).
    public let model: Transformer
    /// Per layer: the residual SAE's encoder and the held-out features of that layer.
    let heldOut: [(layer: Int, encoder: SAEEncoder, features: Set<Int>)]
    /// The theme's keywords.
    public let keywords: [String]

    /// An evaluator reading `heldOut` features with the residual SAEs of `saes` (features of layers
    /// without a residual SAE with an encoder are left out).
    public init(model: Transformer, saes: SAECatalog, heldOut: [FeatureID], keywords: [String]) throws {
        self.model = model
        self.keywords = keywords
        var byLayer: [Int: Set<Int>] = [:]
        for id in heldOut where id.hookSite == .res { byLayer[id.layer, default: []].insert(id.index) }
        var readers: [(Int, SAEEncoder, Set<Int>)] = []
        for (layer, features) in byLayer.sorted(by: { $0.key < $1.key }) {
            guard let sae = saes.sae(layer: layer, hookSite: .res), sae.encoder != nil,
                TransformerHook(name: sae.hookName) == .residPost(layer)
            else { continue }
            readers.append((layer, try SAEEncoder(sae: sae), features))
        }
        self.heldOut = readers
    }

    /// Whether any held-out feature can be read.
    public var readsFeatures: Bool { !heldOut.isEmpty }

    /// The measure of `generated` (continuing `prompt`; `text` is its decoded form).
    public func measure(prompt: [Int], generated: [Int], text: String) throws -> TextMeasure {
        let sequence = prompt + generated
        let hooks = ForwardHooks(capture: Set(heldOut.map { TransformerHook.residPost($0.layer) }))
        let output = try model.forward([sequence], hooks: hooks, logits: .all)
        let v = model.vocabularySize
        var total = 0.0
        var count = 0
        for t in max(0, prompt.count - 1)..<(sequence.count - 1) {
            let row = output.logits[(t * v)..<((t + 1) * v)]
            let largest = Double(row.max() ?? 0)
            var sum = 0.0
            for value in row { sum += exp(Double(value) - largest) }
            total += largest + log(sum) - Double(row[row.startIndex + sequence[t + 1]])
            count += 1
        }
        var features: Double?
        if !heldOut.isEmpty && !generated.isEmpty {
            var hit = [Bool](repeating: false, count: generated.count)
            let d = model.config.modelDimension
            for reader in heldOut {
                guard let values = output.activations[.residPost(reader.layer)] else { continue }
                let rows = Array(values[(prompt.count * d)..<(sequence.count * d)])
                let codes = try reader.encoder.encode(Matrix(rows: generated.count, columns: d, values: rows))
                for token in 0..<generated.count where !hit[token] {
                    hit[token] = codes.code(token).contains { reader.features.contains($0.index) && $0.value > 0 }
                }
            }
            features = Double(hit.filter { $0 }.count) / Double(generated.count)
        }
        return TextMeasure(
            nll: count > 0 ? total / Double(count) : 0, distinct: TextMeasure.distinctBigrams(generated),
            features: features, keywords: TextMeasure.keywordPresence(text, keywords: keywords))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
