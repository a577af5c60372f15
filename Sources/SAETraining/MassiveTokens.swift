import LinearAlgebra

/// Massive-activation tokens: rows whose norm is more than `factor` times a hook's median row norm.
/// SmolLM2's residual stream (and the MLP output that writes it, `blocks.11.hook_mlp_out`) has about one
/// such token in 4,000, with norms 100–150× the median along one fixed direction. They are left out of
/// training and of the held-out figures, as the first position of a sequence is: trained on, they get
/// latents of their own whose activations scale the rest of the reconstruction, and the SAE then
/// overshoots on them several times over; left out, the SAE reconstructs them about as well as before
/// (docs/training.md).
public enum MassiveTokens {
    /// A row is massive when its norm exceeds `factor ×` the median row norm.
    public static let factor: Float = 10

    /// The median row norm of `sample` (0 when it has no rows).
    public static func medianNorm(_ sample: Matrix) -> Float {
        guard sample.rows > 0 else { return 0 }
        var norms = rowNorms(sample)
        norms.sort()
        let middle = norms.count / 2
        return norms.count % 2 == 1 ? norms[middle] : (norms[middle - 1] + norms[middle]) / 2
    }

    /// The norm of every row of `matrix` (accumulated in double precision).
    public static func rowNorms(_ matrix: Matrix) -> [Float] {
        var norms = [Float](repeating: 0, count: matrix.rows)
        matrix.values.withUnsafeBufferPointer { values in
            for t in 0..<matrix.rows {
                var sum: Double = 0
                for i in 0..<matrix.columns {
                    let x = Double(values[t * matrix.columns + i])
                    sum += x * x
                }
                norms[t] = Float(sum.squareRoot())
            }
        }
        return norms
    }

    /// The rows of `matrix` whose norm is at most `limit`, in their order, and how many were left out
    /// (`matrix` itself when none is; a limit that is not a positive finite number keeps every row).
    public static func typicalRows(of matrix: Matrix, normLimit limit: Float) -> (rows: Matrix, leftOut: Int) {
        guard limit > 0, limit.isFinite else { return (matrix, 0) }
        let norms = rowNorms(matrix)
        let kept = norms.indices.filter { norms[$0] <= limit }
        guard kept.count < matrix.rows else { return (matrix, 0) }
        let width = matrix.columns
        var values = [Float]()
        values.reserveCapacity(kept.count * width)
        for t in kept { values += matrix.values[(t * width)..<((t + 1) * width)] }
        return (Matrix(rows: kept.count, columns: width, values: values), matrix.rows - kept.count)
    }
}
