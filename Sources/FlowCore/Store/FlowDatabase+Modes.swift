extension FlowDatabase {
    /// Which method produced each layer's matches (`exact` or `approx(d=…,c=…)`), by layer.
    public func matchModes() throws -> [Int: String] {
        Dictionary(uniqueKeysWithValues: try layerStates().map { ($0.layer, $0.method) })
    }

    /// One line for a report: each method with the layers it produced, e.g.
    /// `exact: layers 0–11 · approx(d=256,c=32): layers 12–25`; empty when nothing is stored.
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
        return groups.map { "\($0.method): layers \(Self.ranges($0.layers))" }.joined(separator: " · ")
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
