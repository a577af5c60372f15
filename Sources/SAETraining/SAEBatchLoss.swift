/// The losses of one batch, per token: the reconstruction error `‖x̂ − x‖²` and the weighted
/// auxiliary (dead-latent) loss, both averaged over the batch's tokens.
public struct SAEBatchLoss: Sendable, Equatable {
    /// Mean squared reconstruction error per token (summed over the input dimensions).
    public var reconstruction: Float
    /// Weighted AuxK loss per token (0 when no latent is dead).
    public var auxiliary: Float
    /// The batch's active latents.
    public var codes: SparseCodes

    /// The objective that the gradients are of.
    public var total: Float { reconstruction + auxiliary }
}
