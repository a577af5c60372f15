import LinearAlgebra

/// The factor a hook's activations are multiplied by before training, so that one learning rate fits every
/// hook: a typical token then has norm `√d_in`. "Typical" is the median row norm, not the root mean
/// square: a residual stream's rare massive-activation tokens (norms 100× the rest) would otherwise set
/// the scale, and it would change with whether the sample happens to hold one.
public enum InputScale {
    /// `√d_in / median ‖x‖` over the rows of `sample` (1 when the median norm is 0 or there are no rows).
    public static func of(_ sample: Matrix) -> Float {
        guard sample.rows > 0, sample.columns > 0 else { return 1 }
        let median = MassiveTokens.medianNorm(sample)
        guard median > 0, median.isFinite else { return 1 }
        return Float(sample.columns).squareRoot() / median
    }
}
