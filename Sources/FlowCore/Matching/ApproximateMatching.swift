/// Parameters of approximate matching (`--approx`): candidates from a seeded randomized Hadamard
/// projection of the unit decoder rows to `dimensions` dimensions (top-`candidates` by reduced cosine
/// per row), then the exact full-dimension cosine of each candidate; the top-k of those are stored.
///
/// Defaults (d = 240, c = 8) come from `flowbench approx` on a Gemma-2B-shaped pair (16384 × 2304), idle:
/// top-1 agreement with exact matching 99.83 % for pairs whose exact cosine is ≥ 0.3 (target 99.5 %) at
/// 5.1× the speed of exact matching (target 5×); d = 256 gives 99.91 % at 4.8–5.0×, d = 224 99.63 % at
/// 5.1–5.3×. docs/scale.md has the figures and the alternatives tried.
public struct ApproximateMatching: Codable, Equatable, Sendable {
    /// d, the width of the reduced rows.
    public var dimensions: Int
    /// c, candidates per row kept from the reduced pass and rescored exactly (c ≥ k).
    public var candidates: Int
    /// Seed of the projection (fixed by default, so runs are reproducible).
    public var seed: UInt64

    /// Tile sizes of the reduced product (512 × 2048 and 256 × 1024 measured no faster than the exact
    /// product's 1024 × 4096).
    public static let reducedTiles = (rows: 1024, columns: 4096)

    /// The projection's name in the stored parameters (layers matched with another projection are recomputed).
    public static let projection = "srht"

    /// The default seed.
    public static let defaultSeed: UInt64 = 0x5EED_F10E

    /// Approximate matching with `dimensions` and `candidates` (defaults 240 and 8).
    public init(dimensions: Int = 240, candidates: Int = 8, seed: UInt64 = Self.defaultSeed) {
        self.dimensions = dimensions
        self.candidates = candidates
        self.seed = seed
    }

    /// The mode name stored in `layer_state.mode`: `approx(d=240,c=8)`.
    public var mode: String { "approx(d=\(dimensions),c=\(candidates))" }
}
