import SQLiteSupport

/// What the analysis reads from the flow database and writes back (`feature`, `analysis`).
/// Nothing here touches the SAE weights: thresholds and hook names were stored at match time.
extension FlowDatabase {
    /// Top-1 scores of every residual feature, from the `match` table.
    public func scoreTable() throws -> ScoreTable {
        var layers: [Int: LayerScores] = [:]
        for row in try sqlite.rows("SELECT layer, d_sae FROM sae WHERE site = 'res' ORDER BY layer") {
            guard let layer = row[0].int, let count = row[1].int else { continue }
            layers[layer] = LayerScores(layer: layer, count: count)
        }
        let statement = try sqlite.prepare(
            "SELECT layer, feature, site, direction, candidate, cosine FROM match WHERE rank = 1")
        try statement.bind([])
        while try statement.step() {
            let layer = statement.int(0)
            let feature = statement.int(1)
            guard var scores = layers[layer], feature < scores.count,
                let hookSite = HookSite(rawValue: statement.text(2) ?? "")
            else { continue }
            let forward = statement.text(3) == "forward"
            let candidate = Int32(statement.int(4))
            let cosine = Float(statement.double(5))
            let count = scores.count
            func set(_ column: inout TopOneColumn?) {
                if column == nil { column = TopOneColumn(count: count) }
                column!.candidates[feature] = candidate
                column!.cosines[feature] = cosine
            }
            layers[layer] = nil  // keep the arrays uniquely referenced while writing
            switch (hookSite, forward) {
            case (.res, false): set(&scores.res)
            case (.res, true): set(&scores.forward)
            case (.mlp, _): set(&scores.mlp)
            case (.att, _): set(&scores.att)
            }
            layers[layer] = scores
        }
        return ScoreTable(layers: Array(layers.values))
    }

    /// JumpReLU thresholds θ per layer and site (only SAEs that have them).
    public func thresholds() throws -> [Int: [HookSite: [Float]]] {
        var result: [Int: [HookSite: [Float]]] = [:]
        for record in try saes() {
            if let values = record.thresholds { result[record.layer, default: [:]][record.hookSite] = values }
        }
        return result
    }

    /// Raw decoder row norms ‖W_dec[i]‖ per layer and site (only SAEs whose norms were recorded).
    public func decoderNorms() throws -> [Int: [HookSite: [Float]]] {
        var result: [Int: [HookSite: [Float]]] = [:]
        for record in try saes() {
            if let values = record.decoderNorms { result[record.layer, default: [:]][record.hookSite] = values }
        }
        return result
    }

    /// Hook names per layer and site.
    public func hookNames() throws -> [Int: [HookSite: String]] {
        var result: [Int: [HookSite: String]] = [:]
        for record in try saes() { result[record.layer, default: [:]][record.hookSite] = record.hookName }
        return result
    }

    /// Replaces the `feature` and `analysis` tables with these results, in one transaction.
    public func writeAnalysis(_ analysis: FlowAnalysis) throws {
        try sqlite.transaction {
            try sqlite.execute("DELETE FROM feature; DELETE FROM analysis;")
            let insert = try sqlite.prepare("INSERT INTO feature VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for scores in analysis.table.layers {
                let classes = analysis.classification.classes[scores.layer] ?? []
                for i in 0..<scores.count {
                    let span = analysis.lifespans.span(of: FeatureID(layer: scores.layer, hookSite: .res, index: i))
                    try insert.run(
                        scores.layer, i, score(scores.res, i), score(scores.mlp, i), score(scores.att, i),
                        candidate(scores.res, i), candidate(scores.mlp, i), candidate(scores.att, i),
                        classes[i].rawValue, span?.lowerBound ?? scores.layer, span?.upperBound ?? scores.layer)
                }
            }
            try sqlite.run(
                "INSERT INTO analysis VALUES ('parameters', ?)", analysis.parametersJSON)
        }
    }

    private func score(_ column: TopOneColumn?, _ i: Int) -> SQLiteValue {
        guard let value = column?.cosines[i], !value.isNaN else { return .null }
        return .real(Double(value))
    }

    private func candidate(_ column: TopOneColumn?, _ i: Int) -> SQLiteValue {
        guard let value = column?.candidates[i], value >= 0 else { return .null }
        return .integer(Int64(value))
    }
}
