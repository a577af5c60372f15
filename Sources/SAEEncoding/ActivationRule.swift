/// The per-feature activation rule of an encoder, with its vectors already in F32 (FORMATS.md §0).
enum ActivationRule: Sendable {
    /// `f = h` where `h > 0`.
    case relu
    /// `f = h` where `h > threshold` (strict, as SAELens) and `h > 0`.
    case jumprelu(threshold: [Float])
    /// The k largest `h` (ties: the lower feature index wins), kept where positive.
    case topk(k: Int)
    /// `g = p + b_gate`, `m = p·exp(r_mag) + b_mag` on the bias-free product p; `f = m` where `g > 0` and `m > 0`.
    case gated(bGate: [Float], expRMag: [Float], bMag: [Float])
}
