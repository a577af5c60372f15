import FlowCore
import Foundation

/// What `featureflow synth` generates: `layers` × (res, mlp, att) JumpReLU SAEs of `width` features over
/// `dModel` dimensions, from `seed`.
public struct SyntheticFamilyOptions: Sendable, Equatable {
    /// Number of layers (≥ 1).
    public var layers: Int
    /// Width of every hooked activation, d_in (≥ 8).
    public var dModel: Int
    /// Features per SAE, d_sae (≥ 8).
    public var width: Int
    /// The seed; the same options give byte-identical output.
    public var seed: UInt64
    /// Element type of every tensor written.
    public var dtype: SyntheticDType
    /// How much of the brute-force top-1 check runs (does not change the weights).
    public var truthCheck: TruthCheck

    /// Options; `truthCheck` defaults to `TruthCheck.automatic`.
    public init(
        layers: Int, dModel: Int, width: Int, seed: UInt64, dtype: SyntheticDType = .f32, truthCheck: TruthCheck? = nil
    ) {
        self.layers = layers
        self.dModel = dModel
        self.width = width
        self.seed = seed
        self.dtype = dtype
        self.truthCheck = truthCheck ?? .automatic(width: width, dModel: dModel)
    }

    /// Throws when an option is out of range.
    public func validate() throws {
        func fail(_ text: String) -> SyntheticError { SyntheticError(path: nil, .invalidOption(text)) }
        guard layers >= 1 else { throw fail("--layers must be at least 1") }
        guard dModel >= 8 else { throw fail("--d-model must be at least 8") }
        guard width >= 8 else { throw fail("--width must be at least 8") }
        guard layers <= 4096, dModel <= 1 << 16, width <= 1 << 22 else { throw fail("sizes are implausibly large") }
        if case .sample(let count) = truthCheck, count < 1 { throw fail("the truth-check sample must be positive") }
    }

    /// Rough expected max cosine of a random direction against the 3 × width features it is compared with
    /// (√(2 ln(3·width) / d_model)); planted "far" positions must stay under 0.15 to be clear.
    public var chanceMaxCosine: Double {
        (2.0 * log(3.0 * Double(width)) / Double(dModel)).squareRoot()
    }

    /// Hook name of the SAE at `layer`/`site` (SAELens folder name).
    public static func hookName(layer: Int, hookSite: HookSite) -> String {
        switch hookSite {
        case .res: return "blocks.\(layer).hook_resid_post"
        case .mlp: return "blocks.\(layer).hook_mlp_out"
        case .att: return "blocks.\(layer).hook_attn_out"
        }
    }
}

extension SyntheticFamilyOptions {
    func hookNameFor(_ layer: Int, _ hookSite: HookSite) -> String { Self.hookName(layer: layer, hookSite: hookSite) }
}
