import LinearAlgebra

extension TopKSAE {
    /// `(x − b_dec)` and `(x − b_dec)·W_encᵀ + b_enc` for a batch (one token per row).
    func preActivations(_ batch: Matrix) -> (centred: Matrix, pre: Matrix) {
        precondition(batch.columns == inputs, "batch rows must have \(inputs) values")
        var centred = batch
        centred.values.withUnsafeMutableBufferPointer { c in
            decoderBias.withUnsafeBufferPointer { bias in
                for t in 0..<batch.rows { for i in 0..<inputs { c[t * inputs + i] -= bias[i] } }
            }
        }
        var pre = Matrix(rows: batch.rows, columns: latents)
        LinearAlgebra.sgemm(centred, encoder, transposeB: true, into: &pre)
        pre.values.withUnsafeMutableBufferPointer { p in
            encoderBias.withUnsafeBufferPointer { bias in
                for t in 0..<batch.rows { for j in 0..<latents { p[t * latents + j] += bias[j] } }
            }
        }
        return (centred, pre)
    }

    /// The `k` active latents of every row of `pre` (or of the `candidates` only, keeping `slots` each).
    func select(_ pre: Matrix, slots: Int, candidates: [Int32]? = nil) -> SparseCodes {
        var codes = SparseCodes(tokens: pre.rows, k: slots)
        let latents = self.latents
        pre.values.withUnsafeBufferPointer { p in
            codes.indices.withUnsafeMutableBufferPointer { ix in
                codes.values.withUnsafeMutableBufferPointer { vx in
                    let shared = UncheckedSendable((p.baseAddress!, ix.baseAddress!, vx.baseAddress!))
                    Parallel.forEachPart(pre.rows, minimum: 64) { rows in
                        let (p, ix, vx) = shared.value
                        for t in rows {
                            if let candidates {
                                candidates.withUnsafeBufferPointer {
                                    TopKSelection.select(
                                        p + t * latents, candidates: $0, k: slots, indices: ix + t * slots,
                                        values: vx + t * slots)
                                }
                            } else {
                                TopKSelection.select(
                                    p + t * latents, count: latents, k: slots, indices: ix + t * slots,
                                    values: vx + t * slots)
                            }
                        }
                    }
                }
            }
        }
        return codes
    }

    /// The sparse codes of a batch (one token per row).
    public func encode(_ batch: Matrix) -> SparseCodes {
        select(preActivations(batch).pre, slots: k)
    }

    /// `Σ z_j · W_dec[j]` per token, plus `b_dec` when `addingBias`.
    public func decode(_ codes: SparseCodes, addingBias: Bool = true) -> Matrix {
        var out = Matrix(rows: codes.tokens, columns: inputs)
        let inputs = self.inputs
        out.values.withUnsafeMutableBufferPointer { o in
            decoder.values.withUnsafeBufferPointer { d in
                decoderBias.withUnsafeBufferPointer { bias in
                    codes.indices.withUnsafeBufferPointer { ix in
                        codes.values.withUnsafeBufferPointer { vx in
                            let shared = UncheckedSendable(
                                (o.baseAddress!, d.baseAddress!, bias.baseAddress!, ix.baseAddress!, vx.baseAddress!))
                            Parallel.forEachPart(codes.tokens, minimum: 64) { rows in
                                let (o, d, bias, ix, vx) = shared.value
                                for t in rows {
                                    let row = o + t * inputs
                                    if addingBias { row.update(from: bias, count: inputs) }
                                    for slot in 0..<codes.k where vx[t * codes.k + slot] > 0 {
                                        let z = vx[t * codes.k + slot]
                                        let atom = d + Int(ix[t * codes.k + slot]) * inputs
                                        for i in 0..<inputs { row[i] += z * atom[i] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The reconstruction `x̂` of a batch.
    public func reconstruct(_ batch: Matrix) -> Matrix { decode(encode(batch)) }
}
