import LinearAlgebra

/// What maps an attention `hook_z` decoder row d into the residual space: u = gain ⊙ (W_O · d)
/// (METHOD.md §2). Built from the model's `o_proj` weight and post-attention norm gain.
public struct AttentionProjection: Sendable {
    /// W_O, row-major `[dModel, dIn]` (dIn = n_heads · d_head, the SAE's input width).
    public var wO: Matrix
    /// Effective per-dimension multiplier (already 1 + g for Gemma), or nil when the model has none.
    public var gain: [Float]?
    /// Checksums or other identity of the weights used, recorded so a rerun notices a change.
    public var identity: String

    /// A projection from `[dModel, dIn]` weights (row-major) and an optional gain of length dModel.
    public init(dModel: Int, dIn: Int, wO: [Float], gain: [Float]?, identity: String) {
        precondition(wO.count == dModel * dIn, "W_O must be dModel × dIn")
        precondition(gain.map { $0.count == dModel } ?? true, "gain must have dModel entries")
        self.wO = Matrix(rows: dModel, columns: dIn, values: wO)
        self.gain = gain
        self.identity = identity
    }

    /// Width of the residual space.
    public var dModel: Int { wO.rows }
    /// Width of the hook_z space.
    public var dIn: Int { wO.columns }

    /// Projects decoder rows `[n, dIn]` into `[n, dModel]` (one sgemm), gain applied, not normalised.
    public func project(_ rows: Matrix) -> Matrix {
        var u = LinearAlgebra.multiply(rows, wO, transposeB: true)
        if let gain { u.scaleColumns(by: gain) }
        return u
    }
}
