import COpenBLAS

extension LinearAlgebra {
    /// `c = alpha · op(a) · op(b) + beta · c` with OpenBLAS `cblas_sgemm` (row-major); `op` transposes
    /// when asked. `c` must already have the shape of the product. Results differ from a naive loop
    /// by rounding only (about 1e-6 relative per term; compare with tolerances).
    public static func sgemm(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
        alpha: Float = 1, beta: Float = 0, into c: inout Matrix
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        let kb = transposeB ? b.columns : b.rows
        precondition(k == kb, "sgemm: inner dimensions differ (\(k) vs \(kb))")
        precondition(c.rows == m && c.columns == n, "sgemm: output must be \(m) × \(n)")
        guard m > 0, n > 0 else { return }
        let cColumns = c.columns
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    rawSGEMM(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: pa.baseAddress, lda: max(a.columns, 1), b: pb.baseAddress, ldb: max(b.columns, 1),
                        beta: beta, c: pc.baseAddress!, ldc: cColumns)
                }
            }
        }
    }

    /// The product `op(a) · op(b)` as a new matrix.
    public static func multiply(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false)
        -> Matrix
    {
        var c = Matrix(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
        sgemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// The number of threads OpenBLAS uses (and `Parallel` by default); settable, e.g. to 1 while
    /// independent single-threaded workers each call OpenBLAS.
    public static var openBLASThreads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }

    /// The one call site of `cblas_sgemm` (row-major, explicit leading dimensions).
    static func rawSGEMM(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>?, lda: Int, b: UnsafePointer<Float>?, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if k == 0 {
            // BLAS leaves C scaled by beta; make the empty inner product explicit.
            for r in 0..<m { for j in 0..<n { c[r * ldc + j] = beta == 0 ? 0 : c[r * ldc + j] * beta } }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}
