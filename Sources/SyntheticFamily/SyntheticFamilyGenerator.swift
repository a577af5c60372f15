import FlowCore
import Foundation

/// Generates a synthetic JumpReLU SAE family with planted flows (METHOD.md §2–§4), one SAE at a time.
///
/// Per layer L the residual SAE R_L is planned against R_{L-1}, M_L and A_L: translated features (rotations of
/// an R_{L-1} row), processed ones (mixtures with an M_L/A_L row), newborn ones (near M_L and/or A_L rows),
/// unexplained ones (random) and near-threshold variants (one planted cosine in 0.16–0.34). Chains planned
/// to live long carry through many layers; others are born mid-way and die. Module rows are random and can
/// be regenerated from their own stream, so at most two decoders are held at once. Every draw comes from
/// seeded streams keyed by (seed, purpose, layer, row): the same options give the same bytes.
public struct SyntheticFamilyGenerator: Sendable {
    /// The options.
    public let options: SyntheticFamilyOptions
    /// The threshold classes and `clear` refer to.
    public static let threshold = 0.25
    /// Minimum distance of a clear cosine from the threshold.
    public static let clearMargin = 0.1
    /// Minimum lead of a clear planted predecessor over the runner-up.
    public static let top1Margin = 0.01

    /// A generator; throws when an option is out of range.
    public init(options: SyntheticFamilyOptions) throws {
        try options.validate()
        self.options = options
    }

    /// Generates every SAE in order (layer 0 res, mlp, att, layer 1 res, …), hands each to `emit`, and returns
    /// the truth. `emit` must not keep the SAE if memory matters.
    public func generate(emit: (SyntheticSAE) throws -> Void) throws -> SyntheticTruth {
        var state = SyntheticFamilyState(options: options)
        for layer in 0..<options.layers {
            try state.generateLayer(layer, emit: emit)
        }
        return state.truth()
    }

    /// Generates the whole family in memory (tests and small demos): the SAEs in order and the truth.
    public func generateInMemory() throws -> (saes: [SyntheticSAE], truth: SyntheticTruth) {
        var saes: [SyntheticSAE] = []
        let truth = try generate { saes.append($0) }
        return (saes, truth)
    }
}
