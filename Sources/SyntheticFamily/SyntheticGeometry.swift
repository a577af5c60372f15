import FlowCore

/// Vector arithmetic for the generator: planting a direction at given cosines, exact cosines in Double,
/// and the brute-force top-1 search.
enum SyntheticGeometry {
    /// A unit vector f with cos(f, v_k) = c_k for unit vectors v_k (k ≤ 3), plus `noise` for the rest.
    /// Solves G α = c with G = VᵀV so the targets hold even when the v_k are not orthogonal; when cᵀG⁻¹c
    /// exceeds 0.95 the targets are scaled down together. Returns the vector and the scale applied.
    static func plant(targets: [(vector: [Double], cosine: Double)], noise: [Double]) -> [Double] {
        let d = noise.count
        let k = targets.count
        guard k > 0 else { return noise }
        var gram = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for a in 0..<k {
            for b in 0..<k { gram[a][b] = dot(targets[a].vector, targets[b].vector) }
        }
        var wanted = targets.map(\.cosine)
        guard var alpha = solve(gram, wanted) else { return noise }
        var explained = zip(wanted, alpha).reduce(0) { $0 + $1.0 * $1.1 }
        if explained > 0.95 {
            let scale = (0.95 / explained).squareRoot()
            wanted = wanted.map { $0 * scale }
            alpha = alpha.map { $0 * scale }
            explained = 0.95
        }
        // The noise, made orthogonal to every target (modified Gram–Schmidt on the targets first).
        var basis: [[Double]] = []
        for target in targets {
            var v = target.vector
            for q in basis {
                let projection = dot(v, q)
                for i in 0..<d { v[i] -= projection * q[i] }
            }
            let norm = dot(v, v).squareRoot()
            if norm > 1e-9 { basis.append(v.map { $0 / norm }) }
        }
        var rest = noise
        for q in basis {
            let projection = dot(rest, q)
            for i in 0..<d { rest[i] -= projection * q[i] }
        }
        let restNorm = dot(rest, rest).squareRoot()
        let restScale = restNorm > 1e-12 ? (max(0, 1 - explained)).squareRoot() / restNorm : 0
        var out = [Double](repeating: 0, count: d)
        for (j, target) in targets.enumerated() {
            for i in 0..<d { out[i] += alpha[j] * target.vector[i] }
        }
        for i in 0..<d { out[i] += restScale * rest[i] }
        return out
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
        let n = rhs.count
        var a = matrix
        var b = rhs
        for col in 0..<n {
            var pivot = col
            for row in col..<n where abs(a[row][col]) > abs(a[pivot][col]) { pivot = row }
            guard abs(a[pivot][col]) > 1e-9 else { return nil }
            a.swapAt(col, pivot)
            b.swapAt(col, pivot)
            for row in (col + 1)..<n {
                let factor = a[row][col] / a[col][col]
                for c in col..<n { a[row][c] -= factor * a[col][c] }
                b[row] -= factor * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for c in (row + 1)..<n { sum -= a[row][c] * x[c] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    /// Dot product in Double.
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum: Double = 0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// Row `row` of a row-major Float matrix as a Double unit vector.
    static func unitRow(_ matrix: [Float], row: Int, dimension d: Int) -> [Double] {
        var v = (0..<d).map { Double(matrix[row * d + $0]) }
        let norm = dot(v, v).squareRoot()
        if norm > 0 { for i in 0..<d { v[i] /= norm } }
        return v
    }

    /// Exact cosine (Double) between row `i` of `a` and row `j` of `b`.
    static func cosine(_ a: [Float], _ i: Int, _ b: [Float], _ j: Int, dimension d: Int) -> Double {
        var ab: Double = 0
        var aa: Double = 0
        var bb: Double = 0
        for k in 0..<d {
            let x = Double(a[i * d + k])
            let y = Double(b[j * d + k])
            ab += x * y
            aa += x * x
            bb += y * y
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
    }

    /// For each query row of `queries` (indices `rows`), the top-1 row of `matrix` by cosine and the
    /// runner-up's cosine. A Float pass over every row (queries in blocks of 8, so each matrix row is read once
    /// per block) finds the candidates within 1e-3 of the best; those are recomputed in Double, so the top-1 is
    /// the exact (Double) argmax, ties to the lower index.
    static func topTwo(queries: [Float], rows: [Int], matrix: [Float], dimension d: Int) -> [(PlantedLink, Double)] {
        let count = matrix.count / d
        let matrixScales = inverseNorms(matrix, dimension: d)
        var results: [(PlantedLink, Double)] = []
        results.reserveCapacity(rows.count)
        let block = 8
        var scores = [Float](repeating: 0, count: block * count)
        for blockStart in stride(from: 0, to: rows.count, by: block) {
            let blockRows = Array(rows[blockStart..<min(rows.count, blockStart + block)])
            let queryScales = blockRows.map { inverseNorms(Array(queries[($0 * d)..<(($0 + 1) * d)]), dimension: d)[0] }
            queries.withUnsafeBufferPointer { q in
                matrix.withUnsafeBufferPointer { m in
                    for j in 0..<count {
                        for (b, row) in blockRows.enumerated() {
                            scores[b * count + j] = dotF32(q, row * d, m, j * d, d) * matrixScales[j] * queryScales[b]
                        }
                    }
                }
            }
            for (b, row) in blockRows.enumerated() {
                let slice = scores[(b * count)..<((b + 1) * count)]
                let bestFloat = slice.max() ?? 0
                var best = PlantedLink(index: 0, cosine: -2)
                var second: Double = -2
                for j in 0..<count {
                    let score = slice[b * count + j]
                    if score >= bestFloat - 1e-3 {
                        let exact = cosine(queries, row, matrix, j, dimension: d)
                        if exact > best.cosine {
                            second = max(second, best.cosine)
                            best = PlantedLink(index: j, cosine: exact)
                        } else {
                            second = max(second, exact)
                        }
                    } else {
                        second = max(second, Double(score))
                    }
                }
                results.append((best, second))
            }
        }
        return results
    }

    /// 1/‖row‖ per row (0 for a zero row).
    static func inverseNorms(_ matrix: [Float], dimension d: Int) -> [Float] {
        (0..<(matrix.count / d)).map { row in
            var sum: Double = 0
            for k in (row * d)..<((row + 1) * d) { sum += Double(matrix[k]) * Double(matrix[k]) }
            return sum > 0 ? Float(1 / sum.squareRoot()) : 0
        }
    }

    /// Float dot product of `count` entries: SIMD8 in optimised builds, four scalar accumulators in debug builds
    /// (where generic SIMD code is very slow). Unaligned loads; the only raw-pointer use in the generator.
    static func dotF32(
        _ a: UnsafeBufferPointer<Float>, _ aStart: Int, _ b: UnsafeBufferPointer<Float>, _ bStart: Int, _ count: Int
    ) -> Float {
        var k = 0
        #if DEBUG
            var s0: Float = 0
            var s1: Float = 0
            var s2: Float = 0
            var s3: Float = 0
            while k + 4 <= count {
                s0 += a[aStart + k] * b[bStart + k]
                s1 += a[aStart + k + 1] * b[bStart + k + 1]
                s2 += a[aStart + k + 2] * b[bStart + k + 2]
                s3 += a[aStart + k + 3] * b[bStart + k + 3]
                k += 4
            }
            var sum = (s0 + s1) + (s2 + s3)
        #else
            let pa = UnsafeRawPointer(a.baseAddress! + aStart)
            let pb = UnsafeRawPointer(b.baseAddress! + bStart)
            var lanes = SIMD8<Float>()
            let stride = MemoryLayout<Float>.stride
            while k + 8 <= count {
                let x = pa.loadUnaligned(fromByteOffset: k * stride, as: SIMD8<Float>.self)
                let y = pb.loadUnaligned(fromByteOffset: k * stride, as: SIMD8<Float>.self)
                lanes += x * y  // not addProduct: without -mfma that is a libm fmaf call per lane
                k += 8
            }
            var sum = lanes.sum()
        #endif
        while k < count {
            sum += a[aStart + k] * b[bStart + k]
            k += 1
        }
        return sum
    }
}
