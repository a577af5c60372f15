import COpenBLAS
import Dispatch

extension TopKAccumulator {
    /// The exact top-`k` of each row among its candidates: row r of `self` lists candidate rows of
    /// `pool`; each is scored by the F32 dot product `owners[ownerOffset + r] · pool[candidate]`
    /// (`cblas_sdot`, so each score depends only on the two rows, not on tiling or threads).
    /// Empty slots are skipped. Rows are scored in parallel over `threads` workers; the result does not
    /// depend on the number of workers.
    public func rescored(owners: Matrix, ownerOffset: Int = 0, pool: Matrix, k: Int, threads: Int = 2)
        -> TopKAccumulator
    {
        precondition(owners.columns == pool.columns, "owners and pool must have the same width")
        precondition(ownerOffset >= 0 && ownerOffset + rows <= owners.rows, "owner rows out of bounds")
        let width = owners.columns
        let slots = self.k
        var scores = [Float](repeating: -.infinity, count: rows * slots)
        let workers = max(1, min(threads, rows / 256 + 1))
        let perWorker = (rows + workers - 1) / max(workers, 1)
        owners.values.withUnsafeBufferPointer { o in
            pool.values.withUnsafeBufferPointer { p in
                indices.withUnsafeBufferPointer { ix in
                    scores.withUnsafeMutableBufferPointer { s in
                        let oBase = o.baseAddress!
                        let pBase = p.baseAddress!
                        let ixBase = ix.baseAddress!
                        let sBase = s.baseAddress!
                        // Raw addresses cross the concurrency boundary; each worker writes its own rows.
                        let (oAddress, pAddress) = (Int(bitPattern: oBase), Int(bitPattern: pBase))
                        let (ixAddress, sAddress) = (Int(bitPattern: ixBase), Int(bitPattern: sBase))
                        DispatchQueue.concurrentPerform(iterations: workers) { w in
                            let o = UnsafePointer<Float>(bitPattern: oAddress)!
                            let p = UnsafePointer<Float>(bitPattern: pAddress)!
                            let ix = UnsafePointer<Int32>(bitPattern: ixAddress)!
                            let s = UnsafeMutablePointer<Float>(bitPattern: sAddress)!
                            let lo = w * perWorker
                            let hi = min(rows, lo + perWorker)
                            guard lo < hi else { return }
                            for r in lo..<hi {
                                let x = o + (ownerOffset + r) * width
                                for slot in 0..<slots {
                                    let candidate = ix[r * slots + slot]
                                    if candidate == Self.emptyIndex { break }
                                    s[r * slots + slot] = cblas_sdot(
                                        blasint(width), x, 1, p + Int(candidate) * width, 1)
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
