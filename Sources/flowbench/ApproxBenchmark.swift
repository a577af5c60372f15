import FlowCore
import Foundation
import LinearAlgebra

/// Exact vs approximate matching (issue 7) on one Gemma-2B-shaped layer pair R_0 → R_1 (16384 × 2304
/// each, F32): half of R_0's features are planted at a cosine drawn uniformly from [0.2, 0.95] to a
/// random R_1 feature, the rest are random. Both runs make the forward matches of R_0 and the backward
/// `res` matches of R_1 from one product. Prints the top-1 agreement (over rows whose exact top-1 cosine
/// is ≥ 0.3, and over all rows), the speed-up, both measured in this run.
/// Flags: `--approx-dims D`, `--approx-candidates C`, `--approx-rows N` (default 16384), `--approx-repeats R` (2).
enum ApproxBenchmark {
    static func run(arguments: [String]) throws {
        func value(_ flag: String) -> Int? {
            arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil }
        }
        let defaults = ApproximateMatching()
        let approximate = ApproximateMatching(
            dimensions: value("--approx-dims") ?? defaults.dimensions,
            candidates: value("--approx-candidates") ?? defaults.candidates)
        let rows = value("--approx-rows") ?? 16384
        let width = 2304
        print("\n== approx: exact vs \(approximate.mode) on one layer pair \(rows)×\(width) · \(rows)×\(width) ==")
        let (a, b) = plantedPair(rows: rows, width: width, seed: 7)
        let saes = [
            MatchBenchmark.sae(
                layer: 0, site: .res, decoder: DecoderMatrix(rows: rows, columns: width, values: a), dtype: "F32"),
            MatchBenchmark.sae(
                layer: 1, site: .res, decoder: DecoderMatrix(rows: rows, columns: width, values: b), dtype: "F32"),
        ]
        // Alternate exact and approx runs and keep each one's fastest: the machine is shared, so the
        // minimum is the figure least disturbed by other work. CPU seconds (all threads) are printed too.
        let repeats = value("--approx-repeats") ?? 2
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
        breakdown(a: a, b: b, rows: rows, width: width, approximate: approximate)
    }

    /// Where the approximate pass spends its time (same operations as the matcher, timed one by one; wall
    /// and CPU seconds, the CPU counting every thread).
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
        let projection = RandomProjection(
            inputDimension: width, outputDimension: approximate.dimensions, seed: approximate.seed)
        let (ra, rb) = timed("projecting both") { (projection.project(ma), projection.project(mb)) }
        var rowCandidates = TopKAccumulator(rows: rows, k: approximate.candidates)
        var columnCandidates: TopKAccumulator? = TopKAccumulator(rows: rows, k: approximate.candidates)
        let kernel = TopKProduct(
            tileRows: ApproximateMatching.reducedTiles.rows, tileColumns: ApproximateMatching.reducedTiles.columns)
        timed("reduced product") {
            kernel.accumulate(a: ra, b: rb, rowTopK: &rowCandidates, columnTopK: &columnCandidates)
        }
        timed("exact rescoring") {
            _ = rowCandidates.rescored(owners: ma, pool: mb, k: 5)
            _ = columnCandidates!.rescored(owners: mb, pool: ma, k: 5)
        }
        print(
            "  approx breakdown (wall / CPU s): "
                + phases.map { String(format: "%@ %.2f / %.2f", $0.name, $0.wall, $0.cpu) }.joined(separator: ", ")
                + String(
                    format: " (reduced product: sgemm %.2f s, top-c selection %.2f s)", kernel.gemmSeconds,
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

    /// R_0 (planted) and R_1 (random), row-major.
    static func plantedPair(rows: Int, width: Int, seed: UInt64) -> ([Float], [Float]) {
        let b = MatchBenchmark.randomValues(rows * width, seed: seed, bf16: false)
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
        for i in 0..<rows where uniform() < 0.5 {
            let j = Int(uniform() * Double(rows)) % rows
            let rho = 0.2 + 0.75 * uniform()
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
