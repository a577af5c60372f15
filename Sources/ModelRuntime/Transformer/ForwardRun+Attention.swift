import CVectorKernels
import Foundation
import LinearAlgebra

extension ForwardRun {
    /// Causal grouped-query attention of every (sequence, head) pair into `z`: scores as dot products,
    /// scaled (`d_head^-½`, Gemma 2 `query_pre_attn_scalar^-½`), soft-capped (Gemma 2), masked
    /// causally and, on Gemma 2's even layers, to the sliding window, then softmax · V. With a cache,
    /// the new keys and values are appended first and every cached position is attended to.
    func attend(layer l: Int, cache: KeyValueCache?) {
        let heads = config.headCount
        let headWidth = config.headDimension
        let qWidth = heads * headWidth
        let kvWidth = config.keyValueHeadCount * headWidth
        let group = heads / config.keyValueHeadCount
        let keyCount = start + positions
        let scale: Float =
            if let scalar = config.queryPreAttentionScalar, config.architecture == .gemma2 {
                Float(1 / Double(scalar).squareRoot())
            } else {
                Float(1 / Double(headWidth).squareRoot())
            }
        let cap = config.attentionLogitSoftcap
        let window: Int? = config.architecture == .gemma2 && l % 2 == 0 ? config.slidingWindow : nil
        let start = start

        // Where each sequence's keys and values live, `keyStride` floats apart per sequence.
        let keySource: UnsafeMutablePointer<Float>
        let valueSource: UnsafeMutablePointer<Float>
        let sequenceStride: Int
        let keyStride: Int
        if let cache {
            keySource = cache.keys[l]
            valueSource = cache.values[l]
            sequenceStride = cache.capacity * kvWidth
            keyStride = kvWidth
            for s in 0..<sequences {
                for i in 0..<positions {
                    let offset = s * sequenceStride + (start + i) * kvWidth
                    let row = (s * positions + i) * qkvStride
                    (keySource + offset).update(from: keys + row, count: kvWidth)
                    (valueSource + offset).update(from: values + row, count: kvWidth)
                }
            }
        } else {
            keySource = keys
            valueSource = values
            sequenceStride = positions * qkvStride
            keyStride = qkvStride
        }
        // One task per (sequence, query head), split across the cores in one dispatch: a C kernel
        // (CTransformerKernels.c) computes the causal scores, soft-cap, window, softmax and the
        // weighted values of each query, so a layer costs one synchronisation, not three per
        // (sequence, head) product (which a loaded machine makes expensive).
        let buffers = UncheckedSendable((queries, keySource, valueSource, z))
        let qkvStride = qkvStride
        let positions = positions
        // A decoding step's few short rows run on this thread.
        let minimum = positions * keyCount >= 1024 ? 1 : sequences * heads
        Parallel.forEachPart(sequences * heads, minimum: minimum) { part in
            let (queries, keys, values, z) = buffers.value
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: keyCount)
            defer { scores.deallocate() }
            for task in part {
                let s = task / heads
                let h = task % heads
                let g = h / group
                ff_attention_head(
                    queries + s * positions * qkvStride + h * headWidth, qkvStride,
                    keys + s * sequenceStride + g * headWidth, values + s * sequenceStride + g * headWidth, keyStride,
                    positions, start, headWidth, scale, cap ?? 0, window ?? 0, scores,
                    z + s * positions * qWidth + h * headWidth, qWidth)
            }
        }
    }
}
