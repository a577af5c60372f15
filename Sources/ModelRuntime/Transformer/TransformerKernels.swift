import Foundation
import LinearAlgebra

/// The element-wise parts of a block, over row-major `[rows, width]` buffers, split across cores by rows.
enum TransformerKernels {
    /// `out[r] = x[r] / sqrt(mean(x[r]²) + eps) · gain` (Gemma 2 passes `1 + w` as the gain).
    static func rmsNorm(
        _ x: UnsafePointer<Float>, rows: Int, width: Int, gain: [Float], epsilon: Float,
        into out: UnsafeMutablePointer<Float>
    ) {
        let buffers = UncheckedSendable((x, out))
        gain.withUnsafeBufferPointer { g in
            let gain = UncheckedSendable(g.baseAddress!)
            Parallel.forEachPart(rows, minimum: 16) { part in
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

    /// `gate[i] = act(gate[i]) · up[i]` over `count` values: SiLU (SwiGLU) or tanh-approximated GELU (GeGLU).
    static func gatedActivation(
        gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int, gelu: Bool
    ) {
        let buffers = UncheckedSendable((gate, up))
        Parallel.forEachPart(count, minimum: 4096) { part in
            let (gate, up) = buffers.value
            if gelu {
                let k = Float((2 / Double.pi).squareRoot())
                for i in part {
                    let x = gate[i]
                    gate[i] = 0.5 * x * (1 + tanh(k * (x + 0.044715 * x * x * x))) * up[i]
                }
            } else {
                for i in part {
                    let x = gate[i]
                    gate[i] = x / (1 + exp(-x)) * up[i]
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

    /// `x += y` over `count` values.
    static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { x[i] += y[i] }
    }
}
