import CVectorKernels
import Foundation
import LinearAlgebra

extension ForwardRun {
    /// Rotary embedding and causal grouped-query attention of every (sequence, key/value head) pair
    /// into `z`: queries and keys rotated, scores scaled (`d_head^-½`, Gemma 2
    /// `query_pre_attn_scalar^-½`), soft-capped (Gemma 2), masked causally and, on Gemma 2's even
    /// layers, to the sliding window, then softmax · V. With a cache, the new keys and values are
    /// appended first and every cached position is attended to.
    func attend(layer l: Int, cache: KeyValueCache?) {
        let heads = config.headCount
        let kvHeads = config.keyValueHeadCount
        let headWidth = config.headDimension
        let qWidth = heads * headWidth
        let kvWidth = kvHeads * headWidth
        let group = heads / kvHeads
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
        let positions = positions
        let qkvStride = qkvStride
        let rotary = model.rotary

        // Where each sequence's keys and values live, `keyStride` floats apart per position.
        let keySource: UnsafeMutablePointer<Float>
        let valueSource: UnsafeMutablePointer<Float>
        let sequenceStride: Int
        let keyStride: Int
        if let cache {
            keySource = cache.keys[l]
            valueSource = cache.values[l]
            sequenceStride = cache.capacity * kvWidth
            keyStride = kvWidth
        } else {
            keySource = keys
            valueSource = values
            sequenceStride = positions * qkvStride
            keyStride = qkvStride
        }
        // One task per (sequence, key/value head), split across the cores in one dispatch: each task
        // rotates its query heads and its key head, appends its keys and values to the cache, and runs
        // a C kernel (CTransformerKernels.c) for the scores, soft-cap, window, softmax and weighted
        // values of its query heads, so a layer costs one synchronisation (a loaded machine makes
        // each one expensive) and the rotation runs on every core.
        let buffers = UncheckedSendable((queries, keys, values, keySource, valueSource, z))
        // A decoding step's few short rows run on this thread.
        let minimum = positions * keyCount >= 1024 ? 1 : sequences * kvHeads
        cos.withUnsafeBufferPointer { c in
            sin.withUnsafeBufferPointer { s in
                let tables = UncheckedSendable((c.baseAddress!, s.baseAddress!))
                Parallel.forEachPart(sequences * kvHeads, threads: 4 * Parallel.defaultThreads, minimum: minimum) {
                    part in
                    let (queries, newKeys, newValues, keys, values, z) = buffers.value
                    let (cos, sin) = tables.value
                    for task in part {
                        let sequence = task / kvHeads
                        let g = task % kvHeads
                        let rows = sequence * positions * qkvStride
                        rotary.apply(
                            queries + rows + g * group * headWidth, rows: positions, stride: qkvStride, heads: group,
                            positionsPerSequence: positions, cos: cos, sin: sin)
                        rotary.apply(
                            newKeys + rows + g * headWidth, rows: positions, stride: qkvStride, heads: 1,
                            positionsPerSequence: positions, cos: cos, sin: sin)
                        if cache != nil {
                            for i in 0..<positions {
                                let target = sequence * sequenceStride + (start + i) * kvWidth + g * headWidth
                                let source = rows + i * qkvStride + g * headWidth
                                (keys + target).update(from: newKeys + source, count: headWidth)
                                (values + target).update(from: newValues + source, count: headWidth)
                            }
                        }
                        ff_attention_group(
                            queries + rows + g * group * headWidth, qkvStride, group,
                            keys + sequence * sequenceStride + g * headWidth,
                            values + sequence * sequenceStride + g * headWidth, keyStride, positions, start, headWidth,
                            scale, cap ?? 0, window ?? 0, z + sequence * positions * qWidth + g * group * headWidth,
                            qWidth)
                    }
                }
            }
        }
    }
}
