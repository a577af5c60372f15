import FlowCore
import Foundation
import LinearAlgebra

/// Exact vs approximate matching (issue 7) on one Gemma-2B-shaped layer pair R_0 → R_1 (16384 × 2304
/// each, F32): half of R_0's features are planted at a cosine drawn uniformly from [0.2, 0.95] to a
/// random R_1 feature, the rest are random. Both runs make the forward matches of R_0 and the backward
/// `res` matches of R_1 from one product. Prints the top-1 agreement (over rows whose exact top-1 cosine
/// is ≥ 0.3, and over all rows), the speed-up, both measured in this run.
/// Sets (`--approx-set strong,near,small,near4`; default strong and near): see `sets(rows:)`.
/// Flags: `--approx-bits B`, `--approx-candidates C`, `--approx-max-candidates C`, `--approx-z Z`,
/// `--approx-floor F`, `--approx-audit SHARE`, `--approx-rows N` (default 16384), `--approx-repeats R` (2).
enum ApproxBenchmark {
    /// One benchmark set: a layer pair R_0 → R_1 with planted matches.
    struct PlantedSet {
        /// Name printed and chosen with `--approx-set`.
        var name: String
        /// What it models.
        var description: String
        /// Features per decoder.
        var rows: Int
        /// d_model.
        var width: Int
        /// Share of R_0's rows given a planted partner.
        var planted: Double
        /// Planted cosines are drawn uniformly from this range.
        var cosines: ClosedRange<Double>
        /// Partners are a permutation (every R_1 row is some R_0 row's partner, so the backward
        /// matches are planted too) rather than drawn with replacement.
        var permutation: Bool
        /// Adds M_1 and A_1 (res/mlp/att, as in issue 17's report), each planted onto R_1 like R_0: R_1's
        /// rows then have four comparisons' worth of near-threshold matches (R_0 forward, and R_0, M_1,
        /// A_1 backward), from three products.
        var modules = false
    }

    /// The sets: `strong` (issue 7's set), `near` (issue 17's near-threshold set), `small` (d_model 576).
    static func sets(rows: Int?) -> [PlantedSet] {
        [
            PlantedSet(
                name: "strong", description: "half of R_0 planted at cosine U[0.2, 0.95] to a random R_1 row",
                rows: rows ?? 16384, width: 2304, planted: 0.5, cosines: 0.2...0.95, permutation: false),
            PlantedSet(
                name: "near",
                description: "near-threshold: every R_0/R_1 pair shares a base direction plus noise, "
                    + "cosine U[0.25, 0.40], one-to-one",
                rows: rows ?? 16384, width: 2304, planted: 1, cosines: 0.25...0.40, permutation: true),
            PlantedSet(
                name: "small",
                description: "real-like stand-in at d_model 576 (width 4608): 90 % of pairs at cosine U[0.2, 0.5], "
                    + "one-to-one",
                rows: rows.map { min($0, 4608) } ?? 4608, width: 576, planted: 0.9, cosines: 0.2...0.5,
                permutation: true),
            PlantedSet(
                name: "near4",
                description: "near-threshold res/mlp/att: R_0, M_1 and A_1 each planted onto R_1 at U[0.25, 0.40]",
                rows: rows ?? 16384, width: 2304, planted: 1, cosines: 0.25...0.40, permutation: true, modules: true),
        ]
    }

    static func run(arguments: [String]) throws {
        func value(_ flag: String) -> Int? {
            arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil }
        }
        func real(_ flag: String) -> Double? {
            arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? Double(arguments[$0 + 1]) : nil }
        }
        let defaults = ApproximateMatching()
        let approximate = ApproximateMatching(
            bits: value("--approx-bits") ?? defaults.bits,
            candidates: value("--approx-candidates") ?? defaults.candidates,
            maxCandidates: value("--approx-max-candidates") ?? defaults.maxCandidates,
            confidence: real("--approx-z") ?? defaults.confidence, floor: real("--approx-floor") ?? defaults.floor,
            auditShare: real("--approx-audit") ?? defaults.auditShare)
        let wanted = arguments.firstIndex(of: "--approx-set").flatMap {
            $0 + 1 < arguments.count ? Set(arguments[$0 + 1].split(separator: ",").map(String.init)) : nil
        }
        let repeats = value("--approx-repeats") ?? 2
        for set in sets(rows: value("--approx-rows"))
        where wanted?.contains(set.name) ?? ["strong", "near"].contains(set.name) {
            try run(set, approximate: approximate, repeats: repeats)
        }
    }

    /// Exact vs approximate on one set, alternating, and the agreement by band.
    static func run(_ set: PlantedSet, approximate: ApproximateMatching, repeats: Int) throws {
        let (rows, width) = (set.rows, set.width)
        print(
            "\n== approx (\(set.name) set): exact vs \(approximate.mode) on one layer pair \(rows)×\(width) · \(rows)×\(width) =="
        )
        print("  set: \(set.description)")
        let (a, b) = plantedPair(
            rows: rows, width: width, seed: 7, planted: set.planted, cosines: set.cosines,
            permutation: set.permutation)
        var saes = [
            MatchBenchmark.sae(
                layer: 0, hookSite: .res, decoder: DecoderMatrix(rows: rows, columns: width, values: a), dtype: "F32"),
            MatchBenchmark.sae(
                layer: 1, hookSite: .res, decoder: DecoderMatrix(rows: rows, columns: width, values: b), dtype: "F32"),
        ]
        if set.modules {
            for (seed, hookSite) in [(UInt64(17), HookSite.mlp), (27, .att)] {
                let (m, _) = plantedPair(
                    rows: rows, width: width, seed: seed, planted: set.planted, cosines: set.cosines,
                    permutation: set.permutation, onto: b)
                saes.append(
                    MatchBenchmark.sae(
                        layer: 1, hookSite: hookSite, decoder: DecoderMatrix(rows: rows, columns: width, values: m),
                        dtype: "F32"))
            }
        }
        // Alternate exact and approx runs and keep each one's fastest: the machine is shared, so the
        // minimum is the figure least disturbed by other work. CPU seconds (all threads) are printed too.
        var exactBest = (wall: Double.infinity, cpu: Double.infinity)
        var approxBest = (wall: Double.infinity, cpu: Double.infinity)
        var exact: [LayerMatches] = []
        var approx: [LayerMatches] = []
        for _ in 0..<repeats {
            let e = try match(saes, options: MatchOptions())
            exact = e.results
            exactBest = (min(exactBest.wall, e.wall), min(exactBest.cpu, e.cpu))
            let a = try match(saes, options: MatchOptions(approximate: approximate))
            approx = a.results
            approxBest = (min(approxBest.wall, a.wall), min(approxBest.cpu, a.cpu))
        }
        let agreement = Agreement(exact: exact, approximate: approx)
        print(
            String(format: "  exact   %7.2f s wall  %7.2f s CPU   (best of %d)", exactBest.wall, exactBest.cpu, repeats)
        )
        print(String(format: "  approx  %7.2f s wall  %7.2f s CPU", approxBest.wall, approxBest.cpu))
        print(
            String(
                format: "  speed-up approx/exact: %.2f× wall, %.2f× CPU (target ≥ 5)", exactBest.wall / approxBest.wall,
                exactBest.cpu / approxBest.cpu))
        print(agreement.report(indent: "  "))
        let audits = approx.compactMap(\.audit)
        if let audit = audits.dropFirst().reduce(audits.first, { $0?.adding($1) }) {
            print("  self-audit of the approx run: " + audit.summary)
            if let estimate = audit.strongAgreement {
                print(
                    String(
                        format:
                            "  audit estimate vs full comparison, exact cosine ≥ 0.3: %.2f %% vs %.2f %% (|Δ| = %.2f pp)",
                        100 * estimate, 100 * agreement.strongRatio, 100 * abs(estimate - agreement.strongRatio)))
            }
        }
        breakdown(a: a, b: b, rows: rows, width: width, approximate: approximate)
    }

    /// Where the approximate pass spends its time (the matcher's first steps, timed one by one; wall and
    /// CPU seconds, the CPU counting every thread): sketching, the sketch product with top-c selection,
    /// the first exact rescoring round.
    static func breakdown(a: [Float], b: [Float], rows: Int, width: Int, approximate: ApproximateMatching) {
        var ma = Matrix(rows: rows, columns: width, values: a)
        var mb = Matrix(rows: rows, columns: width, values: b)
        ma.normalizeRows()
        mb.normalizeRows()
        var phases: [(name: String, wall: Double, cpu: Double)] = []
        func timed<T>(_ name: String, _ body: () -> T) -> T {
            let (wall, cpu) = (TopKProduct.now(), cpuSeconds())
            let result = body()
            phases.append((name, TopKProduct.now() - wall, cpuSeconds() - cpu))
            return result
        }
        let sketcher = SketchProjection(inputDimension: width, bits: approximate.bits, seed: approximate.seed)
        let (sa, sb) = timed("sketching both") { (sketcher.sketch(ma), sketcher.sketch(mb)) }
        var rowCandidates: TopKAccumulator? = TopKAccumulator(rows: rows, k: approximate.maxCandidates)
        var columnCandidates: TopKAccumulator? = TopKAccumulator(rows: rows, k: approximate.maxCandidates)
        let kernel = SketchProduct(
            tileRows: ApproximateMatching.reducedTiles.rows, tileColumns: ApproximateMatching.reducedTiles.columns)
        timed("sketch product") {
            kernel.accumulate(a: sa, b: sb, rowTopK: &rowCandidates, columnTopK: &columnCandidates)
        }
        timed("first exact rescoring round") {
            _ = rowCandidates!.prefix(approximate.candidates).rescored(owners: ma, pool: mb, k: 5)
            _ = columnCandidates!.prefix(approximate.candidates).rescored(owners: mb, pool: ma, k: 5)
        }
        print(
            "  approx breakdown (wall / CPU s): "
                + phases.map { String(format: "%@ %.2f / %.2f", $0.name, $0.wall, $0.cpu) }.joined(separator: ", ")
                + String(
                    format: " (sketch product: scores %.2f s, top-c selection %.2f s)", kernel.scoreSeconds,
                    kernel.selectSeconds))
    }

    /// Matches `saes` and returns every layer's result, the wall seconds and the CPU seconds taken.
    static func match(_ saes: [SAE], options: MatchOptions) throws -> (
        results: [LayerMatches], wall: Double, cpu: Double
    ) {
        let matcher = FeatureMatcher(options: options)
        var results: [LayerMatches] = []
        let start = TopKProduct.now()
        let cpu0 = cpuSeconds()
        try matcher.run(plans: try matcher.plan(saes: saes)) { results.append($0) }
        return (results, TopKProduct.now() - start, cpuSeconds() - cpu0)
    }

    /// User + system CPU seconds of this process so far (all threads), from /proc/self/stat.
    static func cpuSeconds() -> Double {
        let text = (try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8)) ?? ""
        guard let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state(0) … utime(11) stime(12), in clock ticks (100 per second on Linux).
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / 100
    }

    /// R_0 (planted) and R_1 (random), row-major: a share `planted` of R_0's rows is set to
    /// ρ·b_j + √(1 − ρ²)·n (n a random unit vector orthogonal to the unit row b_j of R_1, ρ uniform in
    /// `cosines`), so the pair shares the direction b_j plus independent noise and has cosine ρ exactly.
    /// `onto` gives R_1 instead of a random one.
    static func plantedPair(
        rows: Int, width: Int, seed: UInt64, planted: Double = 0.5, cosines: ClosedRange<Double> = 0.2...0.95,
        permutation: Bool = false, onto given: [Float]? = nil
    ) -> ([Float], [Float]) {
        let b = given ?? MatchBenchmark.randomValues(rows * width, seed: seed, bf16: false)
        var a = MatchBenchmark.randomValues(rows * width, seed: seed + 1, bf16: false)
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        func unit(_ v: ArraySlice<Float>) -> [Double] {
            let norm = v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            return v.map { Double($0) / norm }
        }
        var partners = Array(0..<rows)
        if permutation {
            for i in stride(from: rows - 1, to: 0, by: -1) {
                partners.swapAt(i, Int(uniform() * Double(i + 1)) % (i + 1))
            }
        }
        for i in 0..<rows where uniform() < planted {
            let j = permutation ? partners[i] : Int(uniform() * Double(rows)) % rows
            let rho = cosines.lowerBound + (cosines.upperBound - cosines.lowerBound) * uniform()
            let target = unit(b[(j * width)..<((j + 1) * width)])
            var noise = unit(a[(i * width)..<((i + 1) * width)])
            let along = zip(noise, target).reduce(0.0) { $0 + $1.0 * $1.1 }
            noise = zip(noise, target).map { $0 - along * $1 }
            let norm = noise.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            for c in 0..<width {
                a[i * width + c] = Float(rho * target[c] + (1 - rho * rho).squareRoot() * noise[c] / norm)
            }
        }
        return (a, b)
    }
}
