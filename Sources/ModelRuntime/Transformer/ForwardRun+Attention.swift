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
        let positions = positions
        let start = start

        // Where each sequence's keys and values live, `keyStride` floats apart per sequence.
        let keySource: UnsafeMutablePointer<Float>
        let valueSource: UnsafeMutablePointer<Float>
        let sequenceStride: Int
        if let cache {
            keySource = cache.keys[l]
            valueSource = cache.values[l]
            sequenceStride = cache.capacity * kvWidth
            for s in 0..<sequences {
                let offset = s * sequenceStride + start * kvWidth
                (keySource + offset).update(from: keys + s * positions * kvWidth, count: positions * kvWidth)
                (valueSource + offset).update(from: values + s * positions * kvWidth, count: positions * kvWidth)
            }
        } else {
            keySource = keys
            valueSource = values
            sequenceStride = positions * kvWidth
        }
        let buffers = UncheckedSendable((queries, keySource, valueSource, z))
        Parallel.forEachPart(sequences * heads, minimum: 1) { part in
            let (queries, keySource, valueSource, z) = buffers.value
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: positions * keyCount)
            defer { scores.deallocate() }
            for pair in part {
                let s = pair / heads
                let h = pair % heads
                let g = h / group
                let q = queries + s * positions * qWidth + h * headWidth
                let k = keySource + s * sequenceStride + g * headWidth
                let v = valueSource + s * sequenceStride + g * headWidth
                LinearAlgebra.sgemm(
                    transposeB: true, m: positions, n: keyCount, k: headWidth, alpha: scale, a: q, lda: qWidth, b: k,
                    ldb: kvWidth, c: scores, ldc: keyCount)
                for i in 0..<positions {
                    let row = scores + i * keyCount
                    let position = start + i
                    let low = window.map { max(0, position - $0 + 1) } ?? 0
                    if let cap {
                        for j in low...position { row[j] = cap * tanh(row[j] / cap) }
                    }
                    var largest = -Float.infinity
                    for j in low...position { largest = max(largest, row[j]) }
                    var sum: Float = 0
                    for j in low...position {
                        let e = exp(row[j] - largest)
                        row[j] = e
                        sum += e
                    }
                    let inverse = 1 / sum
                    for j in low...position { row[j] *= inverse }
                    for j in 0..<low { row[j] = 0 }
                    for j in (position + 1)..<keyCount { row[j] = 0 }
                }
                LinearAlgebra.sgemm(
                    m: positions, n: headWidth, k: keyCount, a: scores, lda: keyCount, b: v, ldb: kvWidth,
                    c: z + s * positions * qWidth + h * headWidth, ldc: qWidth)
            }
        }
    }
}
