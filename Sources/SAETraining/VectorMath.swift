/// Small vector loops that the compiler would not vectorise on its own (a float sum is a serial chain
/// unless it is told the order may change).
enum VectorMath {
    /// `Σ a[i]·b[i]` over `count` elements, in SIMD lanes (the summation order differs from a plain loop
    /// by rounding only).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes0 = SIMD8<Float>()
        var lanes1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= count {
            lanes0 +=
                UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            lanes1 +=
                UnsafeRawPointer(a + i + 8).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i + 8).loadUnaligned(as: SIMD8<Float>.self)
            i += 16
        }
        var total = (lanes0 + lanes1).sum()
        while i < count {
            total += a[i] * b[i]
            i += 1
        }
        return total
    }
}
