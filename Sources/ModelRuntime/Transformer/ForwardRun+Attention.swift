import CVectorKernels
import Foundation
import LinearAlgebra

extension ForwardRun {
    /// Causal grouped-query attention of every (sequence, head) pair into `z`: scores by sgemm,
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
        // One product per (sequence, key/value head): the group's query heads are stacked as rows
        // (row hh·T + i = head g·group + hh at position i), so OpenBLAS sees sizeable products and is
        // called from this thread only (it threads them itself).
        let stacked = group * positions
        let gathered = UnsafeMutablePointer<Float>.allocate(capacity: stacked * headWidth)
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: stacked * keyCount)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: stacked * headWidth)
        defer {
            gathered.deallocate()
            scores.deallocate()
            output.deallocate()
        }
        for s in 0..<sequences {
            for g in 0..<config.keyValueHeadCount {
                for hh in 0..<group {
                    for i in 0..<positions {
                        (gathered + (hh * positions + i) * headWidth).update(
                            from: queries + (s * positions + i) * qkvStride + (g * group + hh) * headWidth,
                            count: headWidth)
                    }
                }
                let k = keySource + s * sequenceStride + g * headWidth
                let v = valueSource + s * sequenceStride + g * headWidth
                LinearAlgebra.sgemm(
                    transposeB: true, m: stacked, n: keyCount, k: headWidth, alpha: scale, a: gathered, lda: headWidth,
                    b: k, ldb: keyStride, c: scores, ldc: keyCount)
                let rows = UncheckedSendable(scores)
                Parallel.forEachPart(stacked, minimum: 64) { part in
                    for r in part {
                        Self.softmaxRow(
                            rows.value + r * keyCount, count: keyCount, position: start + r % positions, window: window,
                            cap: cap)
                    }
                }
                LinearAlgebra.sgemm(
                    m: stacked, n: headWidth, k: keyCount, a: scores, lda: keyCount, b: v, ldb: keyStride, c: output,
                    ldc: headWidth)
                for hh in 0..<group {
                    for i in 0..<positions {
                        (z + (s * positions + i) * qWidth + (g * group + hh) * headWidth).update(
                            from: output + (hh * positions + i) * headWidth, count: headWidth)
                    }
                }
            }
        }
    }

    /// Soft-caps, masks (causal, sliding window) and normalises one row of attention scores in place;
    /// the query sits at `position`, keys at 0..<count.
    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, count: Int, position: Int, window: Int?, cap: Float?) {
        let low = window.map { max(0, position - $0 + 1) } ?? 0
        if let cap {
            for j in low...position { row[j] = cap * tanh(row[j] / cap) }
        }
        var largest = -Float.infinity
        for j in low...position { largest = max(largest, row[j]) }
        let sum = ff_exp_shifted_sum(row + low, position - low + 1, largest)
        let inverse = 1 / sum
        for j in low...position { row[j] *= inverse }
        for j in 0..<low { row[j] = 0 }
        for j in (position + 1)..<count { row[j] = 0 }
    }
}
