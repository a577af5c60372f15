/// One sparse autoencoder as the pipeline needs it, whatever format it was read from.
public struct SAE: Sendable {
    /// Where the SAE was found and how to identify it.
    public var source: SAESource
    /// Layer index L.
    public var layer: Int
    /// Position in the layer.
    public var hookSite: HookSite
    /// The hook the SAE reads (TransformerLens name, e.g. `blocks.12.hook_resid_post`).
    public var hookName: String
    /// Width of the hooked activation.
    public var dIn: Int
    /// Number of features.
    public var dSAE: Int
    /// Encoder activation rule.
    public var architecture: SAEArchitecture
    /// The decoder rows (feature vectors), un-normalised, in the hooked space (d_in).
    public var decoder: DecoderMatrix
    /// Per-feature JumpReLU threshold θ (nil for architectures without one).
    public var threshold: [Float]?
    /// True when the SAE reads attention `hook_z` (per-head outputs): decoder rows must be projected
    /// into the residual space with the model's W_O before matching (METHOD.md §2).
    public var needsProjection: Bool
    /// The encoder tensors and conventions, when the file holds an encoder (lazy, like the decoder).
    public var encoder: SAEEncoderWeights?

    public init(
        source: SAESource, layer: Int, hookSite: HookSite, hookName: String, dIn: Int, dSAE: Int,
        architecture: SAEArchitecture, decoder: DecoderMatrix, threshold: [Float]? = nil,
        needsProjection: Bool = false, encoder: SAEEncoderWeights? = nil
    ) {
        self.source = source
        self.layer = layer
        self.hookSite = hookSite
        self.hookName = hookName
        self.dIn = dIn
        self.dSAE = dSAE
        self.architecture = architecture
        self.decoder = decoder
        self.threshold = threshold
        self.needsProjection = needsProjection
        self.encoder = encoder
    }
}
