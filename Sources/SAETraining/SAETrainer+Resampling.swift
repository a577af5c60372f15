import LinearAlgebra

extension SAETrainer {
    /// Re-initialises the latents that fired on fewer than `minimumFirings` tokens since the last
    /// resampling (Bricken et al. 2023, "Towards Monosemanticity"; here towards the residual, as in
    /// later TopK practice): each is pointed at the unexplained part `x − x̂` of a row of `sample` drawn
    /// with probability proportional to its squared error (seeded, without replacement while rows last).
    /// Its decoder row becomes that direction (unit length), its encoder row the same direction at
    /// `encoderNorm ×` the mean encoder-row norm of the kept latents, its encoder bias the median of
    /// theirs, and its Adam moments start afresh. The firing counts restart for every latent; the
    /// re-initialised ones count as just fired (not dead for the aux loss). Returns the latents resampled.
    @discardableResult
    public mutating func resample(
        firedFewerThan minimumFirings: Int, toward sample: Matrix, seed: UInt64, encoderNorm: Float = 1
    ) -> [Int32] {
        let latents = sae.latents
        let inputs = sae.inputs
        let chosen = (0..<latents).filter { firings[$0] < minimumFirings }.map(Int32.init)
        firings = [Int](repeating: 0, count: latents)
        guard !chosen.isEmpty, chosen.count < latents, sample.rows > 0 else { return [] }
        let reconstruction = sae.reconstruct(sample)
        var residual = sample
        var weights = [Double](repeating: 0, count: sample.rows)
        for t in 0..<sample.rows {
            var error: Double = 0
            for i in 0..<inputs {
                let r = sample[t, i] - reconstruction[t, i]
                residual[t, i] = r
                error += Double(r) * Double(r)
            }
            weights[t] = error
        }
        let rows = Self.weightedDraw(weights, count: chosen.count, seed: seed)
        let isChosen = Set(chosen)
        let kept = (0..<latents).filter { !isChosen.contains(Int32($0)) }
        var normSum: Double = 0
        for j in kept {
            var squares: Float = 0
            for i in 0..<inputs { squares += sae.encoder[j, i] * sae.encoder[j, i] }
            normSum += Double(squares.squareRoot())
        }
        let encoderLength = Float(normSum / Double(kept.count)) * encoderNorm
        let bias = kept.map { sae.encoderBias[$0] }.sorted()[kept.count / 2]
        for (latent, row) in zip(chosen, rows) {
            let j = Int(latent)
            var squares: Float = 0
            for i in 0..<inputs { squares += residual[row, i] * residual[row, i] }
            let norm = squares.squareRoot()
            guard norm > 0, norm.isFinite else { continue }
            for i in 0..<inputs {
                let direction = residual[row, i] / norm
                sae.decoder[j, i] = direction
                sae.encoder[j, i] = direction * encoderLength
            }
            sae.encoderBias[j] = bias
            encoderAdam.resetMoments((j * inputs)..<((j + 1) * inputs))
            decoderAdam.resetMoments((j * inputs)..<((j + 1) * inputs))
            encoderBiasAdam.resetMoments(j..<(j + 1))
            lastFired[j] = tokensSeen
        }
        return chosen
    }

    /// `count` row numbers drawn with probability proportional to `weights`, without replacement while
    /// rows with weight remain (then uniformly with replacement); seeded.
    static func weightedDraw(_ weights: [Double], count: Int, seed: UInt64) -> [Int] {
        var bits = SplitMix64(seed: seed)
        var left = weights
        var total = left.reduce(0, +)
        var rows: [Int] = []
        rows.reserveCapacity(count)
        for _ in 0..<count {
            let unit = Double(bits.next() >> 11) / Double(1 << 53)
            guard total > 0 else {
                rows.append(Int(bits.next() % UInt64(max(weights.count, 1))))
                continue
            }
            var target = unit * total
            var pick = left.count - 1
            for (row, weight) in left.enumerated() where weight > 0 {
                if target < weight {
                    pick = row
                    break
                }
                target -= weight
            }
            while pick > 0 && left[pick] == 0 { pick -= 1 }
            rows.append(pick)
            total -= left[pick]
            left[pick] = 0
        }
        return rows
    }
}
