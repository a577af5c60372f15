import COpenBLAS

/// Row-major single-precision matrices and the OpenBLAS kernels the matcher needs.
public enum LinearAlgebra {
    /// The OpenBLAS build configuration string (names the kernel in use).
    public static var openBLASConfig: String { String(cString: openblas_get_config()) }
}
