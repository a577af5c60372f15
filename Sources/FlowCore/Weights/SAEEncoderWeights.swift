/// The encoder half of one SAE, read lazily: every tensor is a view into the memory-mapped weight file
/// (nothing is converted until an encoder reads it), with the conventions of its format (FORMATS.md §0–§4).
///
/// Pre-activations are `h = x' · W_enc + b_enc` with `x'` the input after normalisation and the optional
/// `b_dec` subtraction; the `SAE`'s `architecture` and `threshold` decide which entries are active.
public struct SAEEncoderWeights: Sendable {
    /// How `W_enc` is laid out in its file.
    public enum Layout: String, Sendable {
        /// `[d_in, d_sae]` (SAELens, Gemma Scope): column i is feature i's encoder vector.
        case inputMajor
        /// `[d_sae, d_in]` (torch `nn.Linear`: Llama Scope `encoder.weight`, sparsify): row i is feature i's.
        case featureMajor
    }

    /// SAELens' `normalize_activations` modes (FORMATS.md §1.5).
    public enum Normalization: String, Sendable {
        /// Identity.
        case none
        /// Multiply by a constant `sqrt(d_in)/E‖x‖` that the files do not hold (it must be supplied).
        case expectedAverageOnlyIn = "expected_average_only_in"
        /// Per token: multiply by `sqrt(d_in)/‖x‖`.
        case constantNormRescale = "constant_norm_rescale"
        /// Per token: `(x − mean) / (std + 1e-5)`, std unbiased (divisor d_in − 1).
        case layerNorm = "layer_norm"
    }

    /// Gated SAEs' extra per-feature tensors (SAELens names): `g = x'·W_enc + b_gate`,
    /// `m = relu(x'·(W_enc ⊙ exp(r_mag)) + b_mag)`, `f = 1[g > 0] ⊙ m`.
    public struct Gate: Sendable {
        /// `b_gate [d_sae]`.
        public var bGate: TensorView
        /// `r_mag [d_sae]`.
        public var rMag: TensorView
        /// `b_mag [d_sae]`.
        public var bMag: TensorView

        /// The three gated tensors.
        public init(bGate: TensorView, rMag: TensorView, bMag: TensorView) {
            self.bGate = bGate
            self.rMag = rMag
            self.bMag = bMag
        }
    }

    /// `W_enc` in its stored layout and dtype.
    public var weight: TensorView
    /// The layout of `weight`.
    public var layout: Layout
    /// `b_enc [d_sae]` (nil for gated SAEs, which use `gate`).
    public var bias: TensorView?
    /// `b_dec [d_in]` as stored (nil when the file has none).
    public var decoderBias: TensorView?
    /// Gated SAEs' tensors.
    public var gate: Gate?
    /// Subtract `b_dec` from the (normalised) input before encoding.
    public var applyDecoderBiasToInput: Bool
    /// SAELens activation normalisation.
    public var normalization: Normalization
    /// Llama Scope: `s_in = sqrt(d_model) / dataset_average_activation_norm.in`. lm_saes' standardised
    /// model encodes raw x with `b_enc / s_in` (FORMATS.md §3.4 step 2).
    public var datasetNormScale: Float?
    /// Llama Scope with `sparsity_include_decoder_norm`: the decoder whose column norms (after scaling by
    /// `decoderNormFactor`) multiply each feature's pre-activation (§3.4 step 3); `[d_sae, d_in]` rows.
    public var decoderForNorms: TensorView?
    /// Factor applied to the decoder before its norms are taken (`s_in / s_out` for Llama Scope).
    public var decoderNormFactor: Float

    /// An encoder description; every tensor stays a lazy view.
    public init(
        weight: TensorView, layout: Layout, bias: TensorView?, decoderBias: TensorView?, gate: Gate? = nil,
        applyDecoderBiasToInput: Bool, normalization: Normalization = .none, datasetNormScale: Float? = nil,
        decoderForNorms: TensorView? = nil, decoderNormFactor: Float = 1
    ) {
        self.weight = weight
        self.layout = layout
        self.bias = bias
        self.decoderBias = decoderBias
        self.gate = gate
        self.applyDecoderBiasToInput = applyDecoderBiasToInput
        self.normalization = normalization
        self.datasetNormScale = datasetNormScale
        self.decoderForNorms = decoderForNorms
        self.decoderNormFactor = decoderNormFactor
    }

    /// d_in, from the stored weight.
    public var inputWidth: Int { layout == .inputMajor ? weight.shape[0] : weight.shape[1] }
    /// d_sae, from the stored weight.
    public var featureCount: Int { layout == .inputMajor ? weight.shape[1] : weight.shape[0] }
}
