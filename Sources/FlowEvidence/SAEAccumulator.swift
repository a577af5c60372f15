import FlowCore
import Foundation
import SAEEncoding

/// Everything measured on one SAE over the evidence tokens, with memory fixed by the SAE's size (not by the
/// number of tokens): reconstruction error sums for FVE, L0, and per feature the active count, sum and
/// maximum of activations, a histogram on `HistogramGrid` and the `top` highest activations with where
/// they occurred (ties: the earlier (sequence, position) ranks first).
public final class SAEAccumulator {
    /// Features of the SAE and width of its input.
    public let featureCount: Int
    public let inputWidth: Int
    /// Contexts kept per feature.
    public let top: Int
    /// Tokens seen.
    public internal(set) var tokens = 0
    var activeSum = 0
    var squaredError: Double = 0
    var squaredNorm: Double = 0
    var inputSum: [Double]
    var active: [Int]
    var sum: [Double]
    var maximum: [Float]
    var histogram: [Int32]
    var topValue: [Float]
    var topSequence: [Int32]
    var topPosition: [Int32]
    var topCount: [Int32]
    /// The value a newcomer must exceed once a feature's list is full (−∞ before).
    var floor: [Float]
    var floorSlot: [Int32]

    /// An empty accumulator.
    public init(featureCount: Int, inputWidth: Int, top: Int) {
        self.featureCount = featureCount
        self.inputWidth = inputWidth
        self.top = max(0, top)
        inputSum = [Double](repeating: 0, count: inputWidth)
        active = [Int](repeating: 0, count: featureCount)
        sum = [Double](repeating: 0, count: featureCount)
        maximum = [Float](repeating: 0, count: featureCount)
        histogram = [Int32](repeating: 0, count: featureCount * HistogramGrid.binCount)
        topValue = [Float](repeating: 0, count: featureCount * self.top)
        topSequence = [Int32](repeating: 0, count: featureCount * self.top)
        topPosition = [Int32](repeating: 0, count: featureCount * self.top)
        topCount = [Int32](repeating: 0, count: featureCount)
        floor = [Float](repeating: -.infinity, count: featureCount)
        floorSlot = [Int32](repeating: 0, count: featureCount)
    }

    /// Adds a batch: `inputs` (`codes.tokenCount × inputWidth`, the SAE's input rows), their codes, where
    /// each row sits (sequence, position; rows must arrive in increasing order) and the reconstruction
    /// `decoder` (`featureCount × inputWidth`, raw rows) with its bias.
    ///
    /// The reconstructions x̂ of the whole batch are built feature by feature (each decoder row read once
    /// per batch and added to the rows of the tokens it is active on, in token order) rather than token by
    /// token (up to k scattered decoder rows per token): the same additions in the same order per element
    /// (b_dec, then the active features by increasing index), so the same bits, with the decoder streamed
    /// once per batch instead of read k times per token.
    public func add(
        inputs: UnsafeBufferPointer<Float>, codes: SparseCodes, sequences: [Int32], positions: [Int32],
        decoder: UnsafeBufferPointer<Float>, decoderBias: [Float]?
    ) {
        let d = inputWidth
        let n = codes.tokenCount
        let bins = HistogramGrid.binCount
        let reconstruction = reconstruct(codes: codes, decoder: decoder, decoderBias: decoderBias)
        var error: Double = 0
        var norm: Double = 0
        reconstruction.withUnsafeBufferPointer { xHat in
            inputSum.withUnsafeMutableBufferPointer { inputSum in
                active.withUnsafeMutableBufferPointer { active in
                    sum.withUnsafeMutableBufferPointer { sum in
                        maximum.withUnsafeMutableBufferPointer { maximum in
                            histogram.withUnsafeMutableBufferPointer { histogram in
                                for row in 0..<n {
                                    let x = inputs.baseAddress! + row * d
                                    let r = xHat.baseAddress! + row * d
                                    let range = codes.rowStarts[row]..<codes.rowStarts[row + 1]
                                    activeSum += range.count
                                    for entry in range {
                                        let feature = Int(codes.indices[entry])
                                        let value = codes.values[entry]
                                        active[feature] += 1
                                        sum[feature] += Double(value)
                                        if value > maximum[feature] { maximum[feature] = value }
                                        histogram[feature * bins + HistogramGrid.bin(value)] += 1
                                        if top > 0 && value > floor[feature] {
                                            insert(feature, value, sequences[row], positions[row])
                                        }
                                    }
                                    var rowError: Float = 0
                                    var rowNorm: Float = 0
                                    for j in 0..<d {
                                        let e = x[j] - r[j]
                                        rowError += e * e
                                        rowNorm += x[j] * x[j]
                                        inputSum[j] += Double(x[j])
                                    }
                                    error += Double(rowError)
                                    norm += Double(rowNorm)
                                }
                            }
                        }
                    }
                }
            }
        }
        squaredError += error
        squaredNorm += norm
        tokens += n
    }

    /// x̂ of every row of `codes` (`tokenCount × inputWidth`): b_dec plus value · W_dec[feature] for the row's
    /// active features by increasing index, computed feature-major (see `add`).
    func reconstruct(codes: SparseCodes, decoder: UnsafeBufferPointer<Float>, decoderBias: [Float]?) -> [Float] {
        let d = inputWidth
        let n = codes.tokenCount
        var xHat = [Float](repeating: 0, count: n * d)
        // The codes by feature (CSC): for each feature its (row, value) pairs in row order.
        var starts = [Int](repeating: 0, count: featureCount + 1)
        for index in codes.indices { starts[Int(index) + 1] += 1 }
        for f in 0..<featureCount { starts[f + 1] += starts[f] }
        var rows = [Int32](repeating: 0, count: codes.indices.count)
        var values = [Float](repeating: 0, count: codes.indices.count)
        var next = starts
        for row in 0..<n {
            for entry in codes.rowStarts[row]..<codes.rowStarts[row + 1] {
                let f = Int(codes.indices[entry])
                rows[next[f]] = Int32(row)
                values[next[f]] = codes.values[entry]
                next[f] += 1
            }
        }
        xHat.withUnsafeMutableBufferPointer { xHat in
            if let bias = decoderBias {
                bias.withUnsafeBufferPointer { b in
                    for row in 0..<n { (xHat.baseAddress! + row * d).update(from: b.baseAddress!, count: d) }
                }
            }
            for f in 0..<featureCount where starts[f] < starts[f + 1] {
                let w = decoder.baseAddress! + f * d
                for entry in starts[f]..<starts[f + 1] {
                    let r = xHat.baseAddress! + Int(rows[entry]) * d
                    let value = values[entry]
                    for j in 0..<d { r[j] += value * w[j] }
                }
            }
        }
        return xHat
    }

    func insert(_ feature: Int, _ value: Float, _ sequence: Int32, _ position: Int32) {
        let base = feature * top
        let count = Int(topCount[feature])
        let slot: Int
        if count < top {
            slot = count
            topCount[feature] += 1
        } else {
            slot = Int(floorSlot[feature])
        }
        topValue[base + slot] = value
        topSequence[base + slot] = sequence
        topPosition[base + slot] = position
        guard Int(topCount[feature]) == top else { return }
        // The worst entry: lowest value, and among equal values the latest (sequence, position).
        var worst = 0
        for s in 1..<top where worse(base + s, than: base + worst) { worst = s }
        floor[feature] = topValue[base + worst]
        floorSlot[feature] = Int32(worst)
    }

    private func worse(_ a: Int, than b: Int) -> Bool {
        if topValue[a] != topValue[b] { return topValue[a] < topValue[b] }
        return (topSequence[a], topPosition[a]) > (topSequence[b], topPosition[b])
    }

    /// Fraction of variance explained: 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖² (x̄ the mean input over the tokens).
    public var fve: Double {
        guard tokens > 0 else { return 0 }
        let meanNorm = inputSum.reduce(0) { $0 + $1 * $1 } / Double(tokens)
        let variance = squaredNorm - meanNorm
        return variance > 0 ? 1 - squaredError / variance : 0
    }

    /// The SAE's quality row.
    public func quality(layer: Int, hookSite: HookSite) -> SAEEvidence {
        let n = Double(max(featureCount, 1))
        let dense = active.filter { tokens > 0 && Double($0) > 0.1 * Double(tokens) }.count
        return SAEEvidence(
            layer: layer, hookSite: hookSite, tokens: tokens, fve: fve,
            l0: tokens > 0 ? Double(activeSum) / Double(tokens) : 0,
            deadFraction: Double(active.filter { $0 == 0 }.count) / n, denseFraction: Double(dense) / n)
    }

    /// Activity rows of the features that fired at least once.
    public func activities(layer: Int, hookSite: HookSite) -> [FeatureActivity] {
        let bins = HistogramGrid.binCount
        return (0..<featureCount).compactMap { f in
            guard active[f] > 0 else { return nil }
            let counts = histogram[(f * bins)..<((f + 1) * bins)].map(Int.init)
            return FeatureActivity(
                layer: layer, hookSite: hookSite, feature: f, active: active[f], mean: sum[f] / Double(active[f]),
                max: Double(maximum[f]), histogram: HistogramGrid.histogram(counts: counts))
        }
    }

    /// The kept top activations of `feature`, best first: (value, sequence, position).
    public func topActivations(_ feature: Int) -> [(value: Float, sequence: Int, position: Int)] {
        let base = feature * top
        return (0..<Int(topCount[feature])).map {
            (topValue[base + $0], Int(topSequence[base + $0]), Int(topPosition[base + $0]))
        }.sorted { ($1.value, $0.sequence, $0.position) < ($0.value, $1.sequence, $1.position) }
    }
}
