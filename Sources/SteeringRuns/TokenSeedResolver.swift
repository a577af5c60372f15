import FlowCore
import ModelRuntime

/// Resolves token seeds data-free (docs/steering.md): the residual feature of the seed's layer whose raw
/// decoder row has the highest cosine with the token's logit-lens direction `g ⊙ W_U[t]` (the final
/// RMSNorm gain g — `1 + w` for Gemma 2 — times the token's unembedding row).
public struct TokenSeedResolver {
    /// The checkpoint (for the unembedding and the final norm).
    public let checkpoint: any CheckpointTensors
    /// The tokeniser (the token's text must encode to exactly one token); nil resolves token ids only.
    public let tokenizer: Tokenizer?
    /// The SAEs.
    public let saes: SAECatalog
    /// The model file (for errors).
    public let modelPath: String

    /// A resolver.
    public init(checkpoint: any CheckpointTensors, tokenizer: Tokenizer?, saes: SAECatalog, modelPath: String) {
        self.checkpoint = checkpoint
        self.tokenizer = tokenizer
        self.saes = saes
        self.modelPath = modelPath
    }

    /// The feature of `seed` (feature seeds as they are).
    public func resolve(_ seed: ThemeSeed) throws -> FeatureID {
        switch seed {
        case .feature(let id): return id
        case .token(let text, let layer):
            let ids = tokenizer?.encode(text, addBOS: false, parseSpecial: false) ?? []
            guard ids.count == 1, let token = ids.first else {
                throw SteeringRunError(
                    path: modelPath, message: "\"\(text)\" is \(ids.count) tokens, a token seed must be one")
            }
            return FeatureID(
                layer: layer, hookSite: .res, index: try bestFeature(token: Int(token), layer: layer).index)
        }
    }

    /// The token's logit-lens direction in the residual stream.
    public func direction(token: Int) throws -> [Float] {
        let name = checkpoint.contains("lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight"
        let unembedding = try checkpoint.matrix(name)
        guard token < unembedding.rows else {
            throw SteeringRunError(path: modelPath, message: "token \(token) is outside the vocabulary")
        }
        var row = [Float](repeating: 0, count: unembedding.columns)
        row.withUnsafeMutableBufferPointer { unembedding.decodeRows(token..<(token + 1), $0.baseAddress!) }
        var gain = try checkpoint.vector("model.norm.weight")
        if checkpoint.config.architecture == .gemma2 { gain = gain.map { 1 + $0 } }
        guard gain.count == row.count else { return row }
        return zip(row, gain).map { $0 * $1 }
    }

    /// The residual feature of `layer` closest to `token`'s direction, and its cosine.
    public func bestFeature(token: Int, layer: Int) throws -> (index: Int, cosine: Float) {
        guard let sae = saes.sae(layer: layer, hookSite: .res) else {
            throw SteeringRunError(path: saes.root, message: "no residual SAE at layer \(layer) for a token seed")
        }
        let target = try direction(token: token)
        guard target.count == sae.dIn else {
            throw SteeringRunError(
                path: sae.source.path,
                message: "the SAE reads \(sae.dIn) values, the model's residual has \(target.count)")
        }
        let targetNorm = Double(target.reduce(0) { $0 + $1 * $1 }).squareRoot()
        var best = (index: 0, cosine: -Float.infinity)
        let block = 1024
        for start in stride(from: 0, to: sae.dSAE, by: block) {
            let end = min(sae.dSAE, start + block)
            let rows = try sae.decoder.rows(start..<end)
            for r in 0..<(end - start) {
                var dot: Double = 0
                var norm: Double = 0
                for k in 0..<sae.dIn {
                    let v = Double(rows[r * sae.dIn + k])
                    dot += v * Double(target[k])
                    norm += v * v
                }
                let cosine = norm > 0 && targetNorm > 0 ? Float(dot / (norm.squareRoot() * targetNorm)) : 0
                if cosine > best.cosine { best = (start + r, cosine) }
            }
        }
        return best
    }
}
