/// Parameters of approximate matching (`--approx`): candidates from a seeded random projection of
/// the unit decoder rows to `dimensions` dimensions (top-`candidates` by reduced cosine per row),
/// then the exact full-dimension cosine of each candidate; the top-k of those are stored.
///
/// Defaults (d = 256, c = 16) were chosen on Gemma-2B shapes (16384 × 2304): top-1 agreement with
/// exact matching ≥ 99.5 % for pairs whose exact cosine is ≥ 0.3, at ≥ 5× the speed (see
/// docs/scale.md for the measured figures and `flowbench approx` to re-measure).
public struct ApproximateMatching: Codable, Equatable, Sendable {
    /// d, the width of the reduced rows.
    public var dimensions: Int
    /// c, candidates per row kept from the reduced pass and rescored exactly (c ≥ k).
    public var candidates: Int
    /// Seed of the projection (fixed by default, so runs are reproducible).
    public var seed: UInt64

    /// The default seed.
    public static let defaultSeed: UInt64 = 0x5EED_F10E

    /// Approximate matching with `dimensions` and `candidates` (defaults 256 and 16).
    public init(dimensions: Int = 256, candidates: Int = 16, seed: UInt64 = Self.defaultSeed) {
        self.dimensions = dimensions
        self.candidates = candidates
        self.seed = seed
    }

    /// The mode name stored in `layer_state.mode`: `approx(d=256,c=16)`.
    public var mode: String { "approx(d=\(dimensions),c=\(candidates))" }
}
