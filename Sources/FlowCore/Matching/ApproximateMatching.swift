/// Parameters of approximate matching (`--approx`), issue 17's design (docs/scale.md):
///
/// 1. **Candidates**: every unit decoder row gets a seeded `bits`-bit sign sketch (`SketchProjection`);
///    the sketch scores of all pairs (XOR + popcount) keep the top `maxCandidates` per row.
/// 2. **Adaptive exact rescoring**: the best `candidates` are rescored exactly (full-dimension cosine).
///    A row is *resolved* when no unscored pair is plausibly better than what it has: the best unscored
///    sketch score lies more than `confidence` standard deviations below the score expected of a pair at
///    cosine max(best exact so far, `floor`). Unresolved rows get all `maxCandidates` rescored, and rows
///    still unresolved are matched exactly against the whole candidate decoder.
/// 3. **Self-audit**: a seeded share `auditShare` of the rows is also
///    matched exactly (at least `auditMinimum` per run) and the top-1 agreement by cosine band is recorded
///    (`MatchAudit`); below
///    `auditBound` for exact cosine ≥ 0.3 the run warns (and `match --strict` fails).
///
/// Stored cosines are always exact; only *which* pairs were scored is approximate.
public struct ApproximateMatching: Codable, Equatable, Sendable {
    /// b, sign bits per sketch.
    public var bits: Int
    /// Candidates per row rescored exactly in the first round (≥ k).
    public var candidates: Int
    /// Candidates per row kept from the sketch pass; unresolved rows get all of them rescored.
    public var maxCandidates: Int
    /// z: how many standard deviations of the sketch score below its expected value a pair must be to be
    /// left unscored.
    public var confidence: Double
    /// Cosine below which a row's best match is not certified (chance-level rows would otherwise all be
    /// matched exactly): rows are certified against pairs at cosine ≥ max(best found, floor).
    public var floor: Double
    /// Seed of the sketch (fixed by default, so runs are reproducible).
    public var seed: UInt64
    /// Share of rows the self-audit matches exactly too (0 turns the audit off).
    public var auditShare: Double
    /// Fewest rows audited per run (all comparisons of all layers computed), when it has that many.
    public var auditMinimum: Int
    /// Lowest acceptable audited top-1 agreement for exact cosine ≥ 0.3.
    public var auditBound: Double

    /// Tile sizes of the sketch product.
    public static let reducedTiles = (rows: 512, columns: 2048)

    /// The sketch's name in the stored parameters (layers matched with another method are recomputed).
    public static let projection = "sign-srht"

    /// The default seed.
    public static let defaultSeed: UInt64 = 0x5EED_F10E

    /// Approximate matching; the defaults (b = 1280, c = 8 of 16, z = 2, floor 0.25) come from
    /// `flowbench approx` (docs/scale.md).
    public init(
        bits: Int = 1280, candidates: Int = 8, maxCandidates: Int = 16, confidence: Double = 2, floor: Double = 0.25,
        seed: UInt64 = Self.defaultSeed, auditShare: Double = 0.01, auditMinimum: Int = 300, auditBound: Double = 0.995
    ) {
        self.bits = bits
        self.candidates = candidates
        self.maxCandidates = max(maxCandidates, candidates)
        self.confidence = confidence
        self.floor = floor
        self.seed = seed
        self.auditShare = auditShare
        self.auditMinimum = auditMinimum
        self.auditBound = auditBound
    }

    /// The mode name stored in `layer_state.mode`: `approx(b=1280,c=8..16)`.
    public var mode: String { "approx(b=\(bits),c=\(candidates)..\(maxCandidates))" }

    /// The result-determining parameters besides the mode, as JSON members (`"confidence":3,…`).
    var parameterMembers: String {
        "\"confidence\":\(confidence),\"floor\":\(floor),\"projection\":\"\(Self.projection)\",\"seed\":\(seed)"
    }
}
