import LinearAlgebra

/// The auxiliary loss of Gao et al. (2024, "Scaling and evaluating sparse autoencoders"): the dead
/// latents' top `k` pre-activations reconstruct the main reconstruction's residual `x − x̂`
/// (a constant: no gradient flows through it), weighted by `weight`.
public struct AuxiliaryLoss: Sendable, Equatable {
    /// The latents counted as dead.
    public var deadLatents: [Int32]
    /// How many dead latents each token may use.
    public var k: Int
    /// The loss's weight against the reconstruction loss.
    public var weight: Float

    /// An auxiliary loss over `deadLatents`.
    public init(deadLatents: [Int32], k: Int, weight: Float) {
        self.deadLatents = deadLatents
        self.k = k
        self.weight = weight
    }
}

extension TopKSAE {
    /// The batch's losses, and their gradients added into `gradients` (which the caller zeroes).
    /// `residual` replaces `x − x̂` as the aux loss's target when given (tests hold it fixed).
    public func lossAndGradients(
        _ batch: Matrix, auxiliary: AuxiliaryLoss? = nil, residual: Matrix? = nil, into gradients: inout SAEGradients
    ) -> SAEBatchLoss {
        let tokens = batch.rows
        let (centred, pre) = preActivations(batch)
        let codes = select(pre, slots: k)
        let reconstruction = decode(codes)
        let scale = 2 / Float(max(tokens, 1))
        // g = d loss / d x̂ = (2/B)(x̂ − x); the loss itself on the way.
        var outputGradient = reconstruction
        var mainLoss: Float = 0
        for index in 0..<outputGradient.values.count {
            let error = reconstruction.values[index] - batch.values[index]
            mainLoss += error * error
            outputGradient.values[index] = scale * error
        }
        accumulate(codes, outputGradient: outputGradient, centred: centred, into: &gradients)
        for t in 0..<tokens { for i in 0..<inputs { gradients.decoderBias[i] += outputGradient[t, i] } }

        var auxLoss: Float = 0
        if let auxiliary, !auxiliary.deadLatents.isEmpty, auxiliary.k > 0 {
            let auxCodes = select(pre, slots: auxiliary.k, candidates: auxiliary.deadLatents)
            let estimate = decode(auxCodes, addingBias: false)
            var auxGradient = estimate
            for index in 0..<auxGradient.values.count {
                let target = residual?.values[index] ?? (batch.values[index] - reconstruction.values[index])
                let error = estimate.values[index] - target
                auxLoss += error * error
                auxGradient.values[index] = auxiliary.weight * scale * error
            }
            auxLoss *= auxiliary.weight
            accumulate(auxCodes, outputGradient: auxGradient, centred: centred, into: &gradients)
        }
        let perToken = 1 / Float(max(tokens, 1))
        return SAEBatchLoss(reconstruction: mainLoss * perToken, auxiliary: auxLoss * perToken, codes: codes)
    }

    /// Back-propagates `outputGradient` (d loss / d decoded output, one row per token) through the
    /// active slots of `codes`: decoder rows, and through the ReLU'd pre-activations into encoder rows,
    /// encoder bias and (via the centred input) the decoder bias. The slots are regrouped by latent
    /// first, so each latent's four rows stay in cache while its tokens stream past, and workers own
    /// disjoint latent ranges; each keeps its own decoder-bias sum.
    private func accumulate(
        _ codes: SparseCodes, outputGradient: Matrix, centred: Matrix, into gradients: inout SAEGradients
    ) {
        let byLatent = LatentSlots(codes, latents: latents)
        let inputs = self.inputs
        let parts = max(1, min(Parallel.defaultThreads, latents / 64))
        var biasParts = [Float](repeating: 0, count: parts * inputs)
        gradients.encoder.withUnsafeMutableBufferPointer { ge in
            gradients.decoder.withUnsafeMutableBufferPointer { gd in
                gradients.encoderBias.withUnsafeMutableBufferPointer { gbe in
                    biasParts.withUnsafeMutableBufferPointer { gbd in
                        encoder.values.withUnsafeBufferPointer { e in
                            decoder.values.withUnsafeBufferPointer { d in
                                outputGradient.values.withUnsafeBufferPointer { g in
                                    centred.values.withUnsafeBufferPointer { c in
                                        let shared = UncheckedSendable(
                                            (
                                                ge.baseAddress!, gd.baseAddress!, gbe.baseAddress!, gbd.baseAddress!,
                                                e.baseAddress!, d.baseAddress!, g.baseAddress!, c.baseAddress!
                                            ))
                                        let latents = self.latents
                                        Parallel.forEachPart(parts, threads: parts, minimum: 1) { partRange in
                                            for part in partRange {
                                                let lo = latents * part / parts
                                                let hi = latents * (part + 1) / parts
                                                Self.backPropagate(
                                                    byLatent, latents: lo..<hi, inputs: inputs, buffers: shared.value,
                                                    biasSum: shared.value.3 + part * inputs)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for part in 0..<parts {
            for i in 0..<inputs { gradients.decoderBias[i] += biasParts[part * inputs + i] }
        }
    }

    /// Tokens per block of the backward pass: 64 rows of output gradient and centred input (295 KB at
    /// d_in 576) stay in a 512 KB L2 cache while the latents' slots in them pass.
    static let backwardTokenBlock = 64

    /// One worker's share of `accumulate`: every slot of the latents in `latents`.
    private static func backPropagate(
        _ slots: LatentSlots, latents: Range<Int>, inputs: Int,
        buffers: (
            UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
            UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>,
            UnsafePointer<Float>
        ),
        biasSum: UnsafeMutablePointer<Float>
    ) {
        let (ge, gd, gbe, _, e, d, g, c) = buffers
        let tokenCount = slots.tokenCount
        var cursors = Array(slots.starts[latents.lowerBound..<latents.upperBound])
        var dPreSums = [Float](repeating: 0, count: latents.count)
        slots.tokens.withUnsafeBufferPointer { tokens in
            slots.values.withUnsafeBufferPointer { values in
                // Token blocks small enough that their gradient and input rows stay in L2 while every latent's
                // slots in the block pass; within a latent the slots still come in token order, so the sums
                // are the same as one pass per latent.
                for blockStart in stride(from: 0, to: tokenCount, by: Self.backwardTokenBlock) {
                    let blockEnd = Int32(min(tokenCount, blockStart + Self.backwardTokenBlock))
                    for j in latents {
                        let local = j - latents.lowerBound
                        var slot = cursors[local]
                        let end = slots.starts[j + 1]
                        guard slot < end, tokens[slot] < blockEnd else { continue }
                        let atom = d + j * inputs
                        let atomGradient = gd + j * inputs
                        let rowGradient = ge + j * inputs
                        var dPreSum = dPreSums[local]
                        while slot < end && tokens[slot] < blockEnd {
                            let z = values[slot]
                            let gRow = g + Int(tokens[slot]) * inputs
                            let cRow = c + Int(tokens[slot]) * inputs
                            let dPre = VectorMath.dot(gRow, atom, count: inputs)
                            VectorMath.twoUpdates(atomGradient, z, gRow, rowGradient, dPre, cRow, count: inputs)
                            dPreSum += dPre
                            slot += 1
                        }
                        cursors[local] = slot
                        dPreSums[local] = dPreSum
                    }
                }
                for j in latents {
                    let dPreSum = dPreSums[j - latents.lowerBound]
                    guard slots.starts[j + 1] > slots.starts[j] else { continue }
                    // Through the centred input x − b_dec: one step per latent, not per slot.
                    let row = e + j * inputs
                    for i in 0..<inputs { biasSum[i] -= dPreSum * row[i] }
                    gbe[j] += dPreSum
                }
            }
        }
    }
}
