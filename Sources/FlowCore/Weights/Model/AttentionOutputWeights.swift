/// What projecting a `hook_z` decoder row into the residual stream needs for one layer (METHOD.md §2).
public struct AttentionOutputWeights: Sendable {
    /// Residual width (rows of W_O).
    public var dModel: Int
    /// n_heads · d_head (columns of W_O, the hook_z width).
    public var dHead: Int
    /// `o_proj.weight`, row-major `[d_model, n_heads*d_head]`.
    public var wO: [Float]
    /// Effective gain of the norm on the attention output: `1 + g` for Gemma, `g` otherwise; nil when there is none.
    public var gain: [Float]?

    /// Weights for one layer.
    public init(dModel: Int, dHead: Int, wO: [Float], gain: [Float]?) {
        self.dModel = dModel
        self.dHead = dHead
        self.wO = wO
        self.gain = gain
    }
}
