import CanonicalOutput
import Foundation

/// The self-audit of an approximate matching run (issue 17): a seeded sample of rows was matched exactly
/// as well, and `bands` counts how often the approximate top-1 was the exact one, by band of the exact
/// top-1 cosine. Stored with the run (`run.audit`), printed by `match`, shown on the report's overview;
/// shards audit their own rows and `merge` adds the counts up.
public struct MatchAudit: Codable, Equatable, Sendable {
    /// Residual layers whose rows were audited, ascending.
    public var layers: [Int]
    /// Rows matched approximately (every comparison of those layers).
    public var rows: Int
    /// Rows audited (matched exactly too).
    public var sampled: Int
    /// Rows whose candidates were all rescored (the adaptive second round).
    public var deeperRows: Int
    /// Rows matched exactly against the whole candidate decoder (unresolved after the second round).
    public var exactRows: Int
    /// Agreement counts of the audited rows.
    public var bands: AgreementBands
    /// The share of rows sampled.
    public var share: Double
    /// Lowest acceptable agreement for exact cosine ≥ 0.3.
    public var bound: Double

    /// An audit.
    public init(
        layers: [Int] = [], rows: Int = 0, sampled: Int = 0, deeperRows: Int = 0, exactRows: Int = 0,
        bands: AgreementBands = .init(), share: Double, bound: Double
    ) {
        self.layers = layers
        self.rows = rows
        self.sampled = sampled
        self.deeperRows = deeperRows
        self.exactRows = exactRows
        self.bands = bands
        self.share = share
        self.bound = bound
    }

    /// The two audits together (layers united, counts added).
    public func adding(_ other: MatchAudit) -> MatchAudit {
        MatchAudit(
            layers: Array(Set(layers).union(other.layers)).sorted(), rows: rows + other.rows,
            sampled: sampled + other.sampled, deeperRows: deeperRows + other.deeperRows,
            exactRows: exactRows + other.exactRows, bands: bands.adding(other.bands), share: share, bound: bound)
    }

    /// Audited agreement for exact cosine ≥ 0.3 (nil when no audited row is that strong).
    public var strongAgreement: Double? { bands.agreement(atLeast: 0.3) }

    /// Whether the audited agreement for exact cosine ≥ 0.3 is at least the bound (true when unmeasured).
    public var passes: Bool { (strongAgreement ?? 1) >= bound }

    /// One line: `audit of layers 0–3: 655 of 65,536 rows matched exactly too; top-1 agreement ≥ 0.3: 99.8 % …`.
    public var summary: String {
        let strong = bands.atLeast(0.3)
        let agreement =
            strong.rows > 0
            ? String(
                format: "%.2f %% (%d/%d)", 100 * Double(strong.agreeing) / Double(strong.rows), strong.agreeing,
                strong.rows)
            : "no audited row at cosine ≥ 0.3"
        return "audit of layers \(FlowDatabase.ranges(layers)): \(sampled) of \(rows) rows matched exactly too; "
            + "top-1 agreement for exact cosine ≥ 0.3: \(agreement) (bound "
            + String(format: "%.1f %%", 100 * bound) + "); by band: " + bands.summary
            + "; adaptive: \(deeperRows) rows rescored deeper, \(exactRows) matched exactly"
    }

    /// The loud warning of a failed audit (nil when it passes).
    public var warning: String? {
        guard !passes, let agreement = strongAgreement else { return nil }
        return
            "APPROXIMATE MATCHING AUDIT FAILED for layers \(FlowDatabase.ranges(layers)): top-1 agreement with exact "
            + "matching is " + String(format: "%.2f %%", 100 * agreement) + " for exact cosine ≥ 0.3, below the bound "
            + String(format: "%.1f %%", 100 * bound)
            + "; these matches may change classes and flows — rerun without --approx"
    }

    /// Canonical JSON.
    public var json: String {
        CanonicalJSON.string(self)
    }

    /// Decodes `json` (nil when it is not an audit).
    public init?(json: String) {
        guard let value = try? JSONDecoder().decode(MatchAudit.self, from: Data(json.utf8)) else { return nil }
        self = value
    }
}
