import Foundation

extension FlowDatabase {
    /// Which method produced each layer's matches (`exact` or `approx(b=…,c=…)`), by layer.
    public func matchModes() throws -> [Int: String] {
        Dictionary(uniqueKeysWithValues: try layerStates().map { ($0.layer, $0.method) })
    }

    /// One line for a report: each method with the layers it produced, e.g.
    /// `exact: layers 0–11 · approx(b=1280,c=8..16): layers 12–25`; empty when nothing is stored. Approximate
    /// layers carry their self-audit (the latest audit of each layer, added up): `… layers 12–25 (self-audit: top-1
    /// agreement with exact 99.85 % for cosine ≥ 0.3, 655 rows sampled)`.
    public func matchModeSummary() throws -> String {
        let modes = try matchModes()
        var groups: [(method: String, layers: [Int])] = []
        for layer in modes.keys.sorted() {
            let method = modes[layer]!
            if let i = groups.firstIndex(where: { $0.method == method }) {
                groups[i].layers.append(layer)
            } else {
                groups.append((method, [layer]))
            }
        }
        // The run that last audited each layer.
        var auditOf: [Int: (run: Int, audit: MatchAudit)] = [:]
        for run in try runs() {
            guard let audit = run.audit else { continue }
            for layer in audit.layers { auditOf[layer] = (run.id, audit) }
        }
        return groups.map { group in
            var text = "\(group.method): layers \(Self.ranges(group.layers))"
            guard group.method.hasPrefix("approx") else { return text }
            var seen = Set<Int>()
            let audits = group.layers.compactMap { auditOf[$0] }.filter { seen.insert($0.run).inserted }.map(\.audit)
            guard let first = audits.first else { return text + " (not audited)" }
            let audit = audits.dropFirst().reduce(first) { $0.adding($1) }
            let strong = audit.bands.atLeast(0.3)
            text += " (self-audit: "
            if strong.rows > 0 {
                text +=
                    "top-1 agreement with exact "
                    + String(format: "%.2f %%", 100 * Double(strong.agreeing) / Double(strong.rows))
                    + " for cosine ≥ 0.3 (\(strong.agreeing)/\(strong.rows))"
            } else {
                text += "no sampled row at cosine ≥ 0.3"
            }
            text += ", \(audit.sampled) rows sampled"
            if !audit.passes { text += String(format: " — BELOW THE %.1f %% BOUND", 100 * audit.bound) }
            return text + ")"
        }.joined(separator: " · ")
    }

    /// `0–3, 7, 9–10` for sorted layers.
    static func ranges(_ layers: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < layers.count {
            var j = i
            while j + 1 < layers.count && layers[j + 1] == layers[j] + 1 { j += 1 }
            parts.append(i == j ? "\(layers[i])" : "\(layers[i])–\(layers[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
