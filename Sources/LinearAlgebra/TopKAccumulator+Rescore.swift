import COpenBLAS
import Dispatch

extension TopKAccumulator {
    /// The exact top-`k` of each row among its candidates: row r of `self` lists candidate rows of
    /// `pool`; each is scored by the F32 dot product `owners[ownerOffset + r] · pool[candidate]`
    /// (`cblas_sdot`, so each score depends only on the two rows, not on blocking or threads).
    /// Empty slots are skipped. The result does not depend on the number of workers.
    ///
    /// Memory: candidates are scattered over the pool (16 random 9 KB rows per row for Gemma), so rows
    /// are taken in blocks of `block` owners whose candidate references are sorted by pool row: each pool
    /// row a block needs is read once, in ascending order, while the block's owner rows stay in cache.
    public func rescored(
        owners: Matrix, ownerOffset: Int = 0, pool: Matrix, k: Int, threads: Int = 2, block: Int = 1024
    ) -> TopKAccumulator {
        precondition(owners.columns == pool.columns, "owners and pool must have the same width")
        precondition(ownerOffset >= 0 && ownerOffset + rows <= owners.rows, "owner rows out of bounds")
        precondition(block > 0, "block must be positive")
        let width = owners.columns
        let slots = self.k
        var scores = [Float](repeating: -.infinity, count: rows * slots)
        let blocks = (rows + block - 1) / block
        let workers = max(1, min(threads, blocks))
        owners.values.withUnsafeBufferPointer { o in
            pool.values.withUnsafeBufferPointer { p in
                indices.withUnsafeBufferPointer { ix in
                    scores.withUnsafeMutableBufferPointer { s in
                        let shared = UncheckedSendable(
                            (owners: o.baseAddress, pool: p.baseAddress, indices: ix.baseAddress, scores: s.baseAddress)
                        )
                        DispatchQueue.concurrentPerform(iterations: workers) { w in
                            var references: [UInt64] = []
                            // Worker w takes blocks w, w + workers, …; each writes only its own rows' scores.
                            for b in stride(from: w, to: blocks, by: workers) {
                                let first = b * block
                                let last = min(rows, first + block)
                                references.removeAll(keepingCapacity: true)
                                for slot in (first * slots)..<(last * slots) {
                                    let candidate = shared.value.indices![slot]
                                    if candidate == Self.emptyIndex { continue }
                                    references.append(UInt64(candidate) << 32 | UInt64(slot))
                                }
                                references.sort()
                                for reference in references {
                                    let slot = Int(reference & 0xFFFF_FFFF)
                                    let owner = shared.value.owners! + (ownerOffset + slot / slots) * width
                                    let candidate = shared.value.pool! + Int(reference >> 32) * width
                                    shared.value.scores![slot] = cblas_sdot(blasint(width), owner, 1, candidate, 1)
                                }
                            }
                        }
                    }
                }
            }
        }
        var result = TopKAccumulator(rows: rows, k: k)
        for r in 0..<rows {
            for slot in 0..<slots {
                let candidate = indices[r * slots + slot]
                if candidate == Self.emptyIndex { break }
                result.offer(row: r, index: Int(candidate), value: scores[r * slots + slot])
            }
        }
        return result
    }
}
