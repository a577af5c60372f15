import Foundation
import LinearAlgebra

/// The buffers and steps of one forward pass (rows are `sequence · positions + position`).
final class ForwardRun {
    let model: Transformer
    let config: ModelConfig
    let sequences: Int
    let positions: Int
    /// Absolute position of the first token (cached positions before it).
    let start: Int
    let hooks: ForwardHooks
    let rows: Int
    /// The residual stream `[rows, d]`.
    let residual: UnsafeMutablePointer<Float>
    /// Normalised input of a sublayer `[rows, d]`.
    let normed: UnsafeMutablePointer<Float>
    /// Queries, keys and values of a row side by side `[rows, qkvStride]` (one product).
    let qkv: UnsafeMutablePointer<Float>
    /// Floats from one row of `qkv` to the next (`heads·d_head + 2·kv_heads·d_head`).
    let qkvStride: Int
    /// Views into `qkv`: each row's queries, keys and values (`qkvStride` apart).
    var queries: UnsafeMutablePointer<Float> { qkv }
    var keys: UnsafeMutablePointer<Float> { qkv + config.headCount * config.headDimension }
    var values: UnsafeMutablePointer<Float> {
        qkv + (config.headCount + config.keyValueHeadCount) * config.headDimension
    }
    /// hook_z `[rows, heads · d_head]`.
    let z: UnsafeMutablePointer<Float>
    /// A sublayer's output `[rows, d]`.
    let sublayer: UnsafeMutablePointer<Float>
    /// Gate and up projections of a row side by side `[rows, 2·d_ff]`; the gated activation
    /// overwrites the gate half, which the down projection reads.
    let gateUp: UnsafeMutablePointer<Float>
    let cos: [Float]
    let sin: [Float]
    var captured: [TransformerHook: [Float]] = [:]
    /// The block whose input norm is already in `normed` (fused with the previous block's last addition).
    var normedFor = -1

    init(model: Transformer, sequences: Int, positions: Int, start: Int, hooks: ForwardHooks) {
        self.model = model
        config = model.config
        self.sequences = sequences
        self.positions = positions
        self.start = start
        self.hooks = hooks
        let rowCount = sequences * positions
        rows = rowCount
        let d = model.config.modelDimension
        let config = model.config
        let qWidth = config.headCount * config.headDimension
        let kvWidth = config.keyValueHeadCount * config.headDimension
        func buffer(_ width: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rowCount * width))
            pointer.initialize(repeating: 0, count: max(1, rowCount * width))
            return pointer
        }
        residual = buffer(d)
        normed = buffer(d)
        qkvStride = qWidth + 2 * kvWidth
        qkv = buffer(qkvStride)
        z = buffer(qWidth)
        sublayer = buffer(d)
        gateUp = buffer(2 * config.feedForwardDimension)
        (cos, sin) = model.rotary.table(positions: start..<(start + positions))
    }

    func deallocate() {
        for pointer in [residual, normed, qkv, z, sublayer, gateUp] { pointer.deallocate() }
    }

    /// Token embeddings (× √d for Gemma 2), then `hook_embed`.
    func embed(_ batch: [[Int]]) {
        let d = config.modelDimension
        for (s, sequence) in batch.enumerated() {
            for (t, id) in sequence.enumerated() {
                model.embedding.decodeRows(id..<(id + 1), residual + (s * positions + t) * d)
            }
        }
        if config.architecture == .gemma2 {
            let scale = Float(Double(d).squareRoot())
            for i in 0..<(rows * d) { residual[i] *= scale }
        }
        hook(.embed, residual, width: d)
    }

    /// One transformer block on the residual stream.
    func block(_ l: Int, cache: KeyValueCache?) {
        let layer = model.layers[l]
        let d = config.modelDimension
        let eps = config.rmsNormEpsilon
        let qWidth = config.headCount * config.headDimension
        let gemma = config.architecture == .gemma2
        hook(.residPre(l), residual, width: d)

        if normedFor != l {
            TransformerKernels.rmsNorm(
                residual, rows: rows, width: d, gain: layer.inputNorm, epsilon: eps, into: normed)
        }
        project(layer.attentionInput, normed, into: qkv)
        attend(layer: l, cache: cache)
        hook(.attnZ(l), z, width: qWidth)

        project(layer.output, z, into: sublayer)
        if gemma {
            TransformerKernels.rmsNorm(
                sublayer, rows: rows, width: d, gain: layer.postAttentionNorm, epsilon: eps, into: sublayer)
        }
        hook(.attnOut(l), sublayer, width: d)
        let mlpNorm = gemma ? layer.preFeedForwardNorm! : layer.postAttentionNorm
        TransformerKernels.addAndNorm(
            residual, sublayer, rows: rows, width: d, gain: mlpNorm, epsilon: eps, into: normed)
        let ff = config.feedForwardDimension
        project(layer.gateUp, normed, into: gateUp)
        TransformerKernels.gatedActivation(gateUp, rows: rows, width: ff, gelu: gemma)
        project(layer.down, gateUp, ldx: 2 * ff, into: sublayer)
        if gemma {
            TransformerKernels.rmsNorm(
                sublayer, rows: rows, width: d, gain: layer.postFeedForwardNorm!, epsilon: eps, into: sublayer)
        }
        hook(.mlpOut(l), sublayer, width: d)
        // The next block's input norm joins this addition unless an edit comes in between (hooks at
        // resid_post / the next resid_pre); captures read the residual, which the norm leaves alone.
        if l + 1 < config.layerCount && hooks.interventions[.residPost(l)] == nil
            && hooks.interventions[.residPre(l + 1)] == nil
        {
            TransformerKernels.addAndNorm(
                residual, sublayer, rows: rows, width: d, gain: model.layers[l + 1].inputNorm, epsilon: eps,
                into: normed)
            normedFor = l + 1
        } else {
            TransformerKernels.addAndNorm(residual, sublayer, rows: rows, width: d, gain: nil, epsilon: eps, into: nil)
        }
        hook(.residPost(l), residual, width: d)
    }

    /// `y = x · Wᵀ` for every row.
    func project(
        _ weight: ProjectionWeight, _ x: UnsafePointer<Float>, ldx: Int = 0, into y: UnsafeMutablePointer<Float>
    ) {
        weight.apply(x, count: rows, ldx: ldx, into: y, ldy: weight.rows, scratch: &model.tileScratch)
    }

    /// Final norm and output projection for the selected positions (soft-capped for Gemma 2).
    func logits(_ selection: LogitSelection) -> [Float] {
        let d = config.modelDimension
        let vocabulary = model.outputHead.rows
        let selected: Int
        switch selection {
        case .none: return []
        case .all: selected = rows
        case .last:
            selected = sequences
            for s in 0..<sequences {
                (normed + s * d).update(from: residual + (s * positions + positions - 1) * d, count: d)
            }
            residual.update(from: normed, count: sequences * d)
        }
        TransformerKernels.rmsNorm(
            residual, rows: selected, width: d, gain: model.finalNorm, epsilon: config.rmsNormEpsilon, into: normed)
        // Every value is written by the product (no zero fill of what can be 400 MB of logits).
        var output = [Float](unsafeUninitializedCapacity: selected * vocabulary) { _, count in
            count = selected * vocabulary
        }
        output.withUnsafeMutableBufferPointer { out in
            model.outputHead.apply(
                normed, count: selected, into: out.baseAddress!, ldy: vocabulary, scratch: &model.tileScratch)
            if let cap = config.finalLogitSoftcap {
                TransformerKernels.softcap(out.baseAddress!, count: out.count, cap: cap)
            }
        }
        return output
    }

    /// Applies the interventions at `point`, then captures it if asked.
    func hook(_ point: TransformerHook, _ buffer: UnsafeMutablePointer<Float>, width: Int) {
        if hooks.isEmpty { return }
        if let edits = hooks.interventions[point] {
            for edit in edits {
                switch edit {
                case .add(let vector):
                    vector.withUnsafeBufferPointer { v in
                        for r in 0..<rows { TransformerKernels.add(buffer + r * width, v.baseAddress!, count: width) }
                    }
                case .edit(let body):
                    for r in 0..<rows {
                        body(
                            r / positions, start + r % positions,
                            UnsafeMutableBufferPointer(start: buffer + r * width, count: width))
                    }
                }
            }
        }
        if hooks.capture.contains(point) {
            // resid_pre(L) is resid_post(L − 1) (hook_embed for L = 0) unless edited here: share the copy.
            if case .residPre(let layer) = point, hooks.interventions[point] == nil,
                let previous = captured[layer == 0 ? .embed : .residPost(layer - 1)]
            {
                captured[point] = previous
                return
            }
            captured[point] = [Float](unsafeUninitializedCapacity: rows * width) { target, count in
                TransformerKernels.copy(buffer, into: target.baseAddress!, count: rows * width)
                count = rows * width
            }
        }
    }
}
