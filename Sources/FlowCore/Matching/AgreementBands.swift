import Foundation
import LinearAlgebra

/// Top-1 agreement of approximate with exact matches, counted by the exact top-1 cosine's band
/// (`< 0.2`, `0.2–0.25`, `0.25–0.3`, `0.3–0.35`, `0.35–0.4`, `0.4–0.5`, `≥ 0.5`): for each row compared,
/// whether the approximate top-1 candidate is the exact one. Used by the self-audit of approximate runs
/// (`MatchAudit`) and by `flowbench approx`.
public struct AgreementBands: Codable, Equatable, Sendable {
    /// Lower edges of the bands after the first (the first band is everything below 0.2).
    public static let edges: [Double] = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5]

    /// Rows compared, per band (`edges.count + 1` bands).
    public var rows: [Int]
    /// Of those, rows whose approximate top-1 is the exact top-1, per band.
    public var agreeing: [Int]

    /// Empty counts.
    public init() {
        rows = [Int](repeating: 0, count: Self.edges.count + 1)
        agreeing = rows
    }

    /// The band of an exact top-1 cosine.
    public static func band(of cosine: Double) -> Int {
        var band = 0
        while band < edges.count && cosine >= edges[band] { band += 1 }
        return band
    }

    /// The band's label, e.g. `0.25–0.3`, `< 0.2` or `≥ 0.5`.
    public static func label(_ band: Int) -> String {
        func text(_ x: Double) -> String { x == x.rounded(.down) ? String(Int(x)) : String(x) }
        if band == 0 { return "< " + text(edges[0]) }
        if band == edges.count { return "≥ " + text(edges[band - 1]) }
        return text(edges[band - 1]) + "–" + text(edges[band])
    }

    /// Counts one row: the exact top-1 cosine and whether the approximate top-1 is the same candidate.
    public mutating func add(exactCosine: Float, same: Bool) {
        let band = Self.band(of: Double(exactCosine))
        rows[band] += 1
        if same { agreeing[band] += 1 }
    }

    /// Counts rows `rows` of two top-k lists of the same comparison (`exact` row r against
    /// `approximate` row `approximateOffset + r`); rows without an exact match are skipped.
    public mutating func add(exact: TopKAccumulator, approximate: TopKAccumulator, approximateOffset: Int = 0) {
        for row in 0..<exact.rows {
            guard exact.k > 0, exact.indices[row * exact.k] != TopKAccumulator.emptyIndex else { continue }
            let other = (approximateOffset + row) * approximate.k
            let same = approximate.k > 0 && approximate.indices[other] == exact.indices[row * exact.k]
            add(exactCosine: exact.values[row * exact.k], same: same)
        }
    }

    /// The sum of two counts.
    public func adding(_ other: AgreementBands) -> AgreementBands {
        var sum = self
        for b in rows.indices {
            sum.rows[b] += other.rows[b]
            sum.agreeing[b] += other.agreeing[b]
        }
        return sum
    }

    /// Rows and agreeing rows over the bands whose exact cosine is ≥ `cosine` (a band edge).
    public func atLeast(_ cosine: Double) -> (rows: Int, agreeing: Int) {
        let first = Self.band(of: cosine)
        return (rows[first...].reduce(0, +), agreeing[first...].reduce(0, +))
    }

    /// Agreement over rows with exact cosine ≥ `cosine` (nil when there are none).
    public func agreement(atLeast cosine: Double) -> Double? {
        let (n, a) = atLeast(cosine)
        return n > 0 ? Double(a) / Double(n) : nil
    }

    /// Agreement of one band (nil when it is empty).
    public func agreement(band: Int) -> Double? {
        rows[band] > 0 ? Double(agreeing[band]) / Double(rows[band]) : nil
    }

    /// One line: `0.25–0.3 1840/1862 = 98.8 % · 0.3–0.35 …` (empty bands left out).
    public var summary: String {
        rows.indices.filter { rows[$0] > 0 }.map { band in
            "\(Self.label(band)) \(agreeing[band])/\(rows[band]) = "
                + String(format: "%.2f %%", 100 * Double(agreeing[band]) / Double(rows[band]))
        }.joined(separator: " · ")
    }
}
