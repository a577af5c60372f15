import CVectorKernels
import Foundation
import LinearAlgebra

/// The element-wise parts of a block, over row-major `[rows, width]` buffers, split by rows into four parts
/// per core that free threads claim in turn (on a shared machine a descheduled worker then holds up a
/// quarter of its share, not all of it).
enum TransformerKernels {
    /// `out[r] = x[r] / sqrt(mean(x[r]²) + eps) · gain` (Gemma 2 passes `1 + w` as the gain).
    static func rmsNorm(
        _ x: UnsafePointer<Float>, rows: Int, width: Int, gain: [Float], epsilon: Float,
        into out: UnsafeMutablePointer<Float>
    ) {
        let buffers = UncheckedSendable((x, out))
        gain.withUnsafeBufferPointer { g in
            let gain = UncheckedSendable(g.baseAddress!)
            Parallel.forEachPart(rows, threads: 4 * Parallel.defaultThreads, minimum: 16) { part in
                let (x, out) = buffers.value
                for r in part {
                    let row = x + r * width
                    var sum: Float = 0
                    for i in 0..<width { sum += row[i] * row[i] }
                    let scale = 1 / (sum / Float(width) + epsilon).squareRoot()
                    let target = out + r * width
                    for i in 0..<width { target[i] = row[i] * scale * gain.value[i] }
                }
            }
        }
    }

    /// `gate = act(gate) · up` for every row of `[rows, 2·width]` (gate in the first half of each row,
    /// up in the second): SiLU (SwiGLU) or tanh-approximated GELU (GeGLU), vectorised in C
    /// (CVectorKernels/CTransformerKernels.c).
    static func gatedActivation(_ gateUp: UnsafeMutablePointer<Float>, rows: Int, width: Int, gelu: Bool) {
        let buffer = UncheckedSendable(gateUp)
        Parallel.forEachPart(rows, threads: 4 * Parallel.defaultThreads, minimum: max(1, 4096 / max(width, 1))) {
            part in
            for r in part {
                let gate = buffer.value + r * 2 * width
                if gelu {
                    ff_gelu_tanh_mul(gate, gate + width, width)
                } else {
                    ff_silu_mul(gate, gate + width, width)
                }
            }
        }
    }

    /// `x[i] = cap · tanh(x[i] / cap)`.
    static func softcap(_ x: UnsafeMutablePointer<Float>, count: Int, cap: Float) {
        let buffer = UncheckedSendable(x)
        Parallel.forEachPart(count, minimum: 4096) { part in
            for i in part { buffer.value[i] = cap * tanh(buffer.value[i] / cap) }
        }
    }

    /// `x += y`, then, with a gain, `out = rmsNorm(x)` (as `rmsNorm`), in one pass over the rows split
    /// across cores: the residual addition and the norm that reads it share a synchronisation.
    static func addAndNorm(
        _ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, rows: Int, width: Int, gain: [Float]?,
        epsilon: Float, into out: UnsafeMutablePointer<Float>?
    ) {
        let buffers = UncheckedSendable((x, y, out))
        (gain ?? []).withUnsafeBufferPointer { g in
            let gain = UncheckedSendable(g.baseAddress)
            Parallel.forEachPart(rows, threads: 4 * Parallel.defaultThreads, minimum: 16) { part in
                let (x, y, out) = buffers.value
                for r in part {
                    let row = x + r * width
                    let addend = y + r * width
                    for i in 0..<width { row[i] += addend[i] }
                    guard let out, let gain = gain.value else { continue }
                    var sum: Float = 0
                    for i in 0..<width { sum += row[i] * row[i] }
                    let scale = 1 / (sum / Float(width) + epsilon).squareRoot()
                    let target = out + r * width
                    for i in 0..<width { target[i] = row[i] * scale * gain[i] }
                }
            }
        }
    }

    /// Copies `count` floats, split across cores when there are many (a captured activation can be
    /// several megabytes of fresh pages).
    static func copy(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
        let buffers = UncheckedSendable((source, target))
        Parallel.forEachPart(count, threads: 4 * Parallel.defaultThreads, minimum: 1 << 18) { part in
            let (source, target) = buffers.value
            (target + part.lowerBound).update(from: source + part.lowerBound, count: part.count)
        }
    }

    /// `x += y` over `count` values.
    static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { x[i] += y[i] }
    }
}
