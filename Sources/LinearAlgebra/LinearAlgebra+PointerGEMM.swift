import COpenBLAS

extension LinearAlgebra {
    /// `c = alpha · op(a) · op(b) + beta · c` on raw row-major buffers with explicit leading
    /// dimensions (OpenBLAS `cblas_sgemm`; `cblas_sgemv` when `m` is 1). `a` is `m × k` (or `k × m`
    /// when transposed), `b` is `k × n` (or `n × k`), `c` is `m × n`. Results differ from a naive loop
    /// by rounding only.
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        if m == 1 && k > 0 && !transposeA {
            // One row of A: c = op(b)ᵀ-side matrix–vector product (gemv streams B once).
            if transposeB {
                // c[j] = Σ_p a[p] · b[j, p]: B is n × k row-major.
                cblas_sgemv(
                    CblasRowMajor, CblasNoTrans, blasint(n), blasint(k), alpha, b, blasint(ldb), a, 1, beta, c, 1)
            } else {
                // c[j] = Σ_p a[p] · b[p, j]: B is k × n row-major.
                cblas_sgemv(
                    CblasRowMajor, CblasTrans, blasint(k), blasint(n), alpha, b, blasint(ldb), a, 1, beta, c, 1)
            }
            return
        }
        rawSGEMM(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
            ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
}
