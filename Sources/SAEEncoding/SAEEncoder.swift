import FlowCore
import Foundation
import LinearAlgebra

/// Encodes batches of activations (one token per row) with one SAE into sparse codes: the products go
/// through OpenBLAS sgemm, the encoder weights are converted to F32 tile by tile from their mapped file.
///
/// Memory: at most `tileBudget` floats of converted weights are held at once (the whole matrix when it fits,
/// e.g. 576 × 4608 = 2.65 M floats under the default 4 M; an aligned F32 tensor is then used in place from
/// the mapped file; a tile per OpenBLAS thread when it does not), plus `tokenBlock × d_sae` pre-activations
/// per OpenBLAS thread (512 × 4608 floats = 9.4 MB by default).
public struct SAEEncoder: Sendable {
    /// The SAE's folder or file (for errors).
    public let path: String
    /// Input width.
    public let inputWidth: Int
    /// Number of features.
    public let featureCount: Int
    /// Floats of converted encoder weight held at once.
    public let tileBudget: Int
    /// Tokens whose pre-activations are held at once.
    public let tokenBlock: Int
    let weights: SAEEncoderWeights
    let rule: ActivationRule
    /// Effective `b_enc` (Llama Scope: divided by s_in; gated: zeros, the gate adds its own biases), with
    /// `− b_dec · W_enc` folded in when `b_dec` is subtracted from the input: `(x − b_dec)·W = x·W − b_dec·W`.
    let bias: [Float]
    /// Per-feature factor on the biased pre-activation (Llama Scope decoder column norms), if any.
    let featureScale: [Float]?
    /// The constant of `expected_average_only_in`.
    let normalizationScale: Float?

    /// An encoder for `sae`; `normalizationScale` is SAELens' `expected_average_only_in` constant
    /// (`sqrt(d_in)/E‖x‖`), required for that mode only. Reads the per-feature vectors (not `W_enc`).
    public init(sae: SAE, normalizationScale: Float? = nil, tileBudget: Int = 1 << 22, tokenBlock: Int = 512) throws {
        let path = sae.source.path
        guard let weights = sae.encoder else { throw SAEEncodingError(path: path, .noEncoder) }
        self.path = path
        self.weights = weights
        inputWidth = weights.inputWidth
        featureCount = weights.featureCount
        self.tileBudget = max(1, tileBudget)
        self.tokenBlock = max(1, tokenBlock)
        let dSAE = featureCount
        if weights.normalization == .expectedAverageOnlyIn && normalizationScale == nil {
            throw SAEEncodingError(path: path, .missingNormalizationScale)
        }
        self.normalizationScale = normalizationScale
        switch sae.architecture {
        case .standard: rule = .relu
        case .jumprelu:
            guard let threshold = sae.threshold, threshold.count == dSAE else {
                throw SAEEncodingError(path: path, .missingThreshold)
            }
            rule = .jumprelu(threshold: threshold)
        case .topk(let k): rule = .topk(k: k)
        case .gated:
            guard let gate = weights.gate else { throw SAEEncodingError(path: path, .missingTensor("b_gate")) }
            rule = .gated(
                bGate: try gate.bGate.floats(), expRMag: try gate.rMag.floats().map { Foundation.exp($0) },
                bMag: try gate.bMag.floats())
        }
        var values: [Float]
        if let stored = weights.bias {
            values = try stored.floats()
            if let scale = weights.datasetNormScale { values = values.map { $0 / scale } }
        } else if weights.gate != nil {
            values = [Float](repeating: 0, count: dSAE)
        } else {
            throw SAEEncodingError(path: path, .missingTensor("b_enc"))
        }
        if weights.applyDecoderBiasToInput {
            guard let decoderBias = weights.decoderBias else {
                throw SAEEncodingError(path: path, .missingTensor("b_dec"))
            }
            let shift = try Self.vectorProduct(try decoderBias.floats(), weights, budget: self.tileBudget)
            for feature in 0..<dSAE { values[feature] = Float(Double(values[feature]) - shift[feature]) }
        }
        bias = values
        featureScale = try weights.decoderForNorms.map { try Self.rowNorms($0, factor: weights.decoderNormFactor) }
    }

    /// `v · W_enc` in double precision, reading `W_enc` in blocks of at most `budget` floats.
    static func vectorProduct(_ vector: [Float], _ weights: SAEEncoderWeights, budget: Int) throws -> [Double] {
        let stored = weights.weight
        let (rows, length) = (stored.rowCount, stored.rowLength)
        var result = [Double](repeating: 0, count: weights.featureCount)
        let block = max(1, min(rows, budget / max(length, 1)))
        var buffer = [Float](repeating: 0, count: block * length)
        for start in stride(from: 0, to: rows, by: block) {
            let end = min(rows, start + block)
            try buffer.withUnsafeMutableBufferPointer { out in
                let part = UnsafeMutableBufferPointer(rebasing: out[0..<((end - start) * length)])
                try stored.read(start..<end, into: part)
                for row in start..<end {
                    let base = (row - start) * length
                    switch weights.layout {
                    case .inputMajor:  // row = input dimension, columns = features
                        let factor = Double(vector[row])
                        for feature in 0..<length { result[feature] += factor * Double(part[base + feature]) }
                    case .featureMajor:  // row = feature
                        var sum: Double = 0
                        for input in 0..<length { sum += Double(vector[input]) * Double(part[base + input]) }
                        result[row] = sum
                    }
                }
            }
        }
        return result
    }

    /// The norm of every row of `view` (Llama Scope: decoder columns) times `factor`, read in bounded blocks.
    static func rowNorms(_ view: TensorView, factor: Float) throws -> [Float] {
        let (rows, length) = (view.rowCount, view.rowLength)
        var norms = [Float](repeating: 0, count: rows)
        let block = max(1, (1 << 20) / max(length, 1))
        var buffer = [Float](repeating: 0, count: min(rows, block) * length)
        for start in stride(from: 0, to: rows, by: block) {
            let end = min(rows, start + block)
            try buffer.withUnsafeMutableBufferPointer { out in
                let part = UnsafeMutableBufferPointer(rebasing: out[0..<((end - start) * length)])
                try view.read(start..<end, into: part)
                for row in start..<end {
                    var sum: Double = 0
                    for value in part[((row - start) * length)..<((row - start + 1) * length)] {
                        sum += Double(value) * Double(value)
                    }
                    norms[row] = Float(sum.squareRoot()) * factor
                }
            }
        }
        return norms
    }

    /// The sparse codes of every row of `batch` (`tokens × d_in`, row-major).
    ///
    /// With several OpenBLAS threads the rows are split into one contiguous part per thread, and each part runs
    /// its own single-threaded products and activation: a shared multi-threaded sgemm alternating with the
    /// activation pass left OpenBLAS's idle worker spinning through every activation pass (≈ 10–15 % of the
    /// time, perf). The codes are the same: each row's products and selection do not depend on the split.
    public func encode(_ batch: Matrix) throws -> SparseCodes {
        guard batch.columns == inputWidth else {
            throw SAEEncodingError(path: path, .inputWidth(expected: inputWidth, actual: batch.columns))
        }
        let threads = LinearAlgebra.openBLASThreads
        let parts = max(1, min(threads, batch.rows / 128))
        return try withWholeWeight { whole in
            if parts == 1 { return try encode(batch, rows: 0..<batch.rows, whole: whole) }
            LinearAlgebra.openBLASThreads = 1
            defer { LinearAlgebra.openBLASThreads = threads }
            let size = (batch.rows + parts - 1) / parts
            var results = [Result<SparseCodes, Error>](
                repeating: .success(SparseCodes(featureCount: featureCount)), count: parts)
            results.withUnsafeMutableBufferPointer { out in
                let shared = UncheckedSendable((out, whole))
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let (out, whole) = shared.value
                    let rows = min(batch.rows, part * size)..<min(batch.rows, (part + 1) * size)
                    out[part] = Result { try encode(batch, rows: rows, whole: whole) }
                }
            }
            var codes = SparseCodes(featureCount: featureCount)
            for result in results { codes.append(try result.get()) }
            return codes
        }
    }

    /// The codes of rows `rows` of `batch`, `tokenBlock` rows at a time.
    func encode(_ batch: Matrix, rows: Range<Int>, whole: UnsafePointer<Float>?) throws -> SparseCodes {
        var codes = SparseCodes(featureCount: featureCount)
        var pre = [Float](repeating: 0, count: min(rows.count, tokenBlock) * featureCount)
        try batch.values.withUnsafeBufferPointer { values in
            var start = rows.lowerBound
            while start < rows.upperBound {
                let end = min(rows.upperBound, start + tokenBlock)
                if let input = prepare(batch, start..<end) {
                    try input.withUnsafeBufferPointer { x in
                        try products(x.baseAddress!, tokens: end - start, whole: whole, into: &pre)
                    }
                } else {
                    try products(
                        values.baseAddress! + start * inputWidth, tokens: end - start, whole: whole, into: &pre)
                }
                codes.append(activate(&pre, tokens: end - start))
                start = end
            }
        }
        return codes
    }

    /// Calls `body` with the whole encoder weight as F32 when it fits `tileBudget` (nil otherwise): the mapped
    /// bytes themselves for an aligned little-endian row-major F32 tensor, else a converted copy.
    func withWholeWeight<T>(_ body: (UnsafePointer<Float>?) throws -> T) throws -> T {
        guard inputWidth * featureCount <= tileBudget else { return try body(nil) }
        let stored = weights.weight
        if stored.dtype == .f32 && !stored.bigEndian && stored.isRowMajor {
            let direct: T? = try stored.file.withBytes(offset: stored.offset, length: stored.byteCount) { raw in
                guard let base = raw.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 else {
                    return nil
                }
                return try body(base.assumingMemoryBound(to: Float.self))
            }
            if let direct { return direct }
        }
        let copy = try stored.floats()
        return try copy.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// Rows `range` of `batch` after normalisation (nil when there is none: the batch is used in place).
    func prepare(_ batch: Matrix, _ range: Range<Int>) -> [Float]? {
        if weights.normalization == .none { return nil }
        let width = inputWidth
        var input = Array(batch.values[(range.lowerBound * width)..<(range.upperBound * width)])
        for token in 0..<range.count {
            let base = token * width
            switch weights.normalization {
            case .none: break
            case .expectedAverageOnlyIn:
                let scale = normalizationScale ?? 1
                for index in base..<(base + width) { input[index] *= scale }
            case .constantNormRescale:
                var sum: Double = 0
                for index in base..<(base + width) { sum += Double(input[index]) * Double(input[index]) }
                // An all-zero row stays zero (SAELens would divide by zero).
                if sum > 0 {
                    let scale = Float(Double(width).squareRoot() / sum.squareRoot())
                    for index in base..<(base + width) { input[index] *= scale }
                }
            case .layerNorm:
                var sum: Double = 0
                for index in base..<(base + width) { sum += Double(input[index]) }
                let mean = sum / Double(width)
                var squares: Double = 0
                for index in base..<(base + width) {
                    let deviation = Double(input[index]) - mean
                    squares += deviation * deviation
                }
                let deviation = width > 1 ? (squares / Double(width - 1)).squareRoot() : 0
                for index in base..<(base + width) {
                    input[index] = Float((Double(input[index]) - mean) / (deviation + 1e-5))
                }
            }
        }
        return input
    }

    /// `pre = input · W_enc` (tokens × d_sae), tile by tile over the stored layout.
    func products(_ xBase: UnsafePointer<Float>, tokens: Int, whole: UnsafePointer<Float>?, into pre: inout [Float])
        throws
    {
        let (dIn, dSAE) = (inputWidth, featureCount)
        let stored = weights.weight
        do {
            try pre.withUnsafeMutableBufferPointer { h in
                let hBase = h.baseAddress!
                switch weights.layout {
                case .inputMajor:
                    // Tiles of W_enc rows (input dimensions): h += x[:, rows] · W_enc[rows, :].
                    if let whole {
                        LinearAlgebra.sgemm(
                            m: tokens, n: dSAE, k: dIn, a: xBase, lda: dIn, b: whole, ldb: dSAE, c: hBase, ldc: dSAE)
                        return
                    }
                    let tileRows = max(1, min(dIn, tileBudget / max(dSAE, 1)))
                    var tile = [Float](repeating: 0, count: tileRows * dSAE)
                    for first in stride(from: 0, to: dIn, by: tileRows) {
                        let last = min(dIn, first + tileRows)
                        try tile.withUnsafeMutableBufferPointer { w in
                            try stored.read(
                                first..<last, into: UnsafeMutableBufferPointer(rebasing: w[0..<((last - first) * dSAE)])
                            )
                            LinearAlgebra.sgemm(
                                m: tokens, n: dSAE, k: last - first, a: xBase + first, lda: dIn, b: w.baseAddress!,
                                ldb: dSAE, beta: first == 0 ? 0 : 1, c: hBase, ldc: dSAE)
                        }
                    }
                case .featureMajor:
                    // Tiles of W_enc rows (features): h[:, features] = x · W_enc[features, :]ᵀ.
                    if let whole {
                        LinearAlgebra.sgemm(
                            transposeB: true, m: tokens, n: dSAE, k: dIn, a: xBase, lda: dIn, b: whole, ldb: dIn,
                            c: hBase, ldc: dSAE)
                        return
                    }
                    let tileRows = max(1, min(dSAE, tileBudget / max(dIn, 1)))
                    var tile = [Float](repeating: 0, count: tileRows * dIn)
                    for first in stride(from: 0, to: dSAE, by: tileRows) {
                        let last = min(dSAE, first + tileRows)
                        try tile.withUnsafeMutableBufferPointer { w in
                            try stored.read(
                                first..<last, into: UnsafeMutableBufferPointer(rebasing: w[0..<((last - first) * dIn)]))
                            LinearAlgebra.sgemm(
                                transposeB: true, m: tokens, n: last - first, k: dIn, a: xBase, lda: dIn,
                                b: w.baseAddress!, ldb: dIn, c: hBase + first, ldc: dSAE)
                        }
                    }
                }
            }
        }
    }

    /// Applies bias, feature scale and the rule to every row of `pre` (modified in place), in parallel over tokens.
    func activate(_ pre: inout [Float], tokens: Int) -> SparseCodes {
        let parts = max(1, min(Parallel.defaultThreads, tokens / 64))
        var results = [SparseCodes](repeating: SparseCodes(featureCount: featureCount), count: parts)
        let size = (tokens + parts - 1) / parts
        pre.withUnsafeMutableBufferPointer { h in
            results.withUnsafeMutableBufferPointer { out in
                let shared = UncheckedSendable((h, out))
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let (h, out) = shared.value
                    let range = min(tokens, part * size)..<min(tokens, (part + 1) * size)
                    out[part] = activateRows(h, range)
                }
            }
        }
        var codes = results[0]
        for part in results.dropFirst() { codes.append(part) }
        return codes
    }

    /// The codes of tokens `range` of the pre-activation buffer.
    func activateRows(_ pre: UnsafeMutableBufferPointer<Float>, _ range: Range<Int>) -> SparseCodes {
        let dSAE = featureCount
        var codes = SparseCodes(featureCount: dSAE)
        var indices = [Int32](repeating: 0, count: dSAE)
        var values = [Float](repeating: 0, count: dSAE)
        var selection = TopKSelection(capacity: 0)
        var guess = Float.nan  // TopK: a lower bound guessed for the next token's k-th value
        if case .topk(let k) = rule { selection = TopKSelection(capacity: min(k, dSAE)) }
        bias.withUnsafeBufferPointer { bias in
            for token in range {
                // The row is biased and scaled in place: the buffer is this call's own.
                let row = UnsafeMutableBufferPointer(rebasing: pre[(token * dSAE)..<((token + 1) * dSAE)])
                for feature in 0..<dSAE { row[feature] += bias[feature] }
                if let scale = featureScale {
                    scale.withUnsafeBufferPointer { scale in
                        for feature in 0..<dSAE { row[feature] *= scale[feature] }
                    }
                }
                let count = select(row, &indices, &values, &selection, &guess)
                indices.withUnsafeBufferPointer { i in
                    values.withUnsafeBufferPointer { v in
                        codes.append(
                            indices: UnsafeBufferPointer(rebasing: i[0..<count]),
                            values: UnsafeBufferPointer(rebasing: v[0..<count]))
                    }
                }
            }
        }
        return codes
    }

    /// Applies the rule to one row of biased pre-activations; writes the active (index, value) pairs in index
    /// order and returns their number.
    func select(
        _ row: UnsafeMutableBufferPointer<Float>, _ indices: inout [Int32], _ values: inout [Float],
        _ selection: inout TopKSelection, _ guess: inout Float
    ) -> Int {
        let dSAE = featureCount
        var count = 0
        do {
            indices.withUnsafeMutableBufferPointer { indices in
                values.withUnsafeMutableBufferPointer { values in
                    switch rule {
                    case .relu:
                        for feature in 0..<dSAE where row[feature] > 0 {
                            indices[count] = Int32(feature)
                            values[count] = row[feature]
                            count += 1
                        }
                    case .jumprelu(let threshold):
                        threshold.withUnsafeBufferPointer { threshold in
                            for feature in 0..<dSAE where row[feature] > threshold[feature] && row[feature] > 0 {
                                indices[count] = Int32(feature)
                                values[count] = row[feature]
                                count += 1
                            }
                        }
                    case .topk:
                        selection.reset()
                        // Guess from the previous token: every value at or above the guess is a candidate. With
                        // at least k candidates the true k-th value is at or above the guess, so the candidates,
                        // offered in index order, give exactly the full scan's selection; otherwise scan all.
                        var candidates = 0
                        if guess.isFinite {
                            for feature in 0..<dSAE where row[feature] >= guess {
                                indices[candidates] = Int32(feature)
                                candidates += 1
                            }
                        }
                        if candidates >= selection.capacity {
                            for position in 0..<candidates {
                                let feature = Int(indices[position])
                                selection.offer(row[feature], Int32(feature))
                            }
                        } else {
                            var feature = 0
                            while feature < dSAE && !selection.isFull {
                                selection.offer(row[feature], Int32(feature))
                                feature += 1
                            }
                            // Only values at or above the worst kept one can enter (ties are settled by `offer`).
                            var floor = selection.isFull ? selection.floor : -Float.infinity
                            while feature < dSAE {
                                if row[feature] >= floor {
                                    selection.offer(row[feature], Int32(feature))
                                    floor = selection.isFull ? selection.floor : -Float.infinity
                                }
                                feature += 1
                            }
                        }
                        if selection.isFull {
                            let floor = selection.floor
                            guess = floor - 0.125 * abs(floor)
                        }
                        count = selection.writePositive(indices, values)
                    case .gated(let bGate, let expRMag, let bMag):
                        for feature in 0..<dSAE where row[feature] + bGate[feature] > 0 {
                            let magnitude = row[feature] * expRMag[feature] + bMag[feature]
                            if magnitude > 0 {
                                indices[count] = Int32(feature)
                                values[count] = magnitude
                                count += 1
                            }
                        }
                    }
                }
            }
        }
        return count
    }
}
