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

    /// `x += a·u` and `y += b·v` over `count` elements in one pass (the two updates of a backward slot).
    @inline(__always)
    static func twoUpdates(
        _ x: UnsafeMutablePointer<Float>, _ a: Float, _ u: UnsafePointer<Float>,
        _ y: UnsafeMutablePointer<Float>, _ b: Float, _ v: UnsafePointer<Float>, count: Int
    ) {
        let av = SIMD8<Float>(repeating: a)
        let bv = SIMD8<Float>(repeating: b)
        var i = 0
        while i + 8 <= count {
            let xr = UnsafeMutableRawPointer(x + i)
            let yr = UnsafeMutableRawPointer(y + i)
            xr.storeBytes(
                of: xr.loadUnaligned(as: SIMD8<Float>.self) + av
                    * UnsafeRawPointer(u + i).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
            yr.storeBytes(
                of: yr.loadUnaligned(as: SIMD8<Float>.self) + bv
                    * UnsafeRawPointer(v + i).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            x[i] += a * u[i]
            y[i] += b * v[i]
            i += 1
        }
    }
}
