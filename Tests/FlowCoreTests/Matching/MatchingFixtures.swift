import FlowCore

/// In-memory SAEs and a double-precision brute-force matcher for the matching tests.
enum MatchingFixtures {
    /// SplitMix64 → uniform [-1, 1).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func float() -> Float { Float(Double(next() >> 11) / Double(1 << 53) * 2 - 1) }
    }

    static func values(_ rows: Int, _ columns: Int, seed: UInt64) -> [Float] {
        var random = Random(state: seed)
        return (0..<(rows * columns)).map { _ in random.float() }
    }

    static func sae(
        layer: Int, hookSite: HookSite, rows: Int, columns: Int, seed: UInt64? = nil, values: [Float]? = nil,
        needsProjection: Bool = false
    ) -> SAE {
        let data = values ?? Self.values(rows, columns, seed: seed ?? UInt64(layer * 10 + hookSite.hashValue & 7 + 1))
        return SAE(
            source: SAESource(
                path: "mem/\(layer)-\(hookSite.rawValue)", weightFiles: [], format: .saelens, dtype: "F32"),
            layer: layer, hookSite: hookSite, hookName: "blocks.\(layer).hook_\(hookSite.rawValue)", dIn: columns,
            dSAE: rows,
            architecture: .standard, decoder: DecoderMatrix(rows: rows, columns: columns, values: data),
            needsProjection: needsProjection)
    }

    /// A family: `layers` layers of res/mlp/att, widths varying per site, all `columns`-d.
    static func family(layers: Int, columns: Int, widths: [HookSite: Int], seed: UInt64 = 1) -> [SAE] {
        var saes: [SAE] = []
        for layer in 0..<layers {
            for (i, hookSite) in HookSite.allCases.enumerated() {
                guard let rows = widths[hookSite] else { continue }
                saes.append(
                    sae(
                        layer: layer, hookSite: hookSite, rows: rows, columns: columns,
                        seed: seed &* 1000 &+ UInt64(layer * 3 + i)))
            }
        }
        return saes
    }

    /// Rows of a decoder as unit double vectors (zero rows stay zero).
    static func unitRows(_ sae: SAE, transform: (([Double]) -> [Double])? = nil) -> [[Double]] {
        let data = try! sae.decoder.rows(0..<sae.dSAE)
        return (0..<sae.dSAE).map { r in
            var row = (0..<sae.dIn).map { Double(data[r * sae.dIn + $0]) }
            if let transform { row = transform(row) }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? row.map { $0 / norm } : row
        }
    }

    /// For every row of `a`, all candidates of `b` sorted by cosine (desc), index asc.
    static func bruteForce(_ a: [[Double]], _ b: [[Double]]) -> [[(index: Int, cosine: Double)]] {
        a.map { x in
            b.enumerated().map { (j, y) in (j, zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        }
    }
}
