/// Converts one stored row to F32: plain floats (F32, F16, BF16) and llama.cpp's block quantisations
/// (Q8_0, Q4_0, Q4_1, Q4_K, Q6_K, laid out as in `ggml-quants.c`). Allocation-free and thread-safe; the
/// caller guarantees that `source` holds a whole row (`count` values, a multiple of the block size).
enum RowDecoder {
    /// Decodes `count` values of `type` stored at `source` into `out`.
    static func decode(
        _ type: WeightType, _ source: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>
    ) {
        switch type {
        case .f32:
            UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: count * 4)
        case .f16:
            if Int(bitPattern: source) & 1 == 0 {
                // Aligned (the usual case): a plain loop the compiler vectorises.
                let halves = source.assumingMemoryBound(to: UInt16.self)
                for index in 0..<count { out[index] = halfToFloat(UInt16(littleEndian: halves[index])) }
            } else {
                for index in 0..<count { out[index] = half(source, 2 * index) }
            }
        case .bf16:
            for index in 0..<count {
                let bits = source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)
                out[index] = Float(bitPattern: UInt32(UInt16(littleEndian: bits)) << 16)
            }
        case .q8_0: q8_0(source, count, out)
        case .q4_0: q4_0(source, count, out)
        case .q4_1: q4_1(source, count, out)
        case .q4_K: q4_K(source, count, out)
        case .q6_K: q6_K(source, count, out)
        }
    }

    /// The little-endian IEEE half at byte `offset`, as F32.
    @inline(__always)
    static func half(_ source: UnsafeRawPointer, _ offset: Int) -> Float {
        halfToFloat(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    /// IEEE half bits to F32, exactly, without a library call: the exponent and mantissa shifted into
    /// place and rebiased by one multiplication by 2^112 (which also normalises subnormals); infinities
    /// and NaNs get the all-ones exponent.
    @inline(__always)
    static func halfToFloat(_ bits: UInt16) -> Float {
        let magnitude = UInt32(bits & 0x7FFF) << 13
        let sign = UInt32(bits & 0x8000) << 16
        let finite = Float(bitPattern: magnitude) * 0x1p112
        let value = magnitude >= 0x7C00 << 13 ? Float(bitPattern: magnitude | 0x7F80_0000) : finite
        return Float(bitPattern: value.bitPattern | sign)
    }

    @inline(__always)
    private static func byte(_ source: UnsafeRawPointer, _ offset: Int) -> UInt8 {
        source.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// 34-byte blocks: f16 d, 32 × i8; value = q·d.
    private static func q8_0(_ source: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        for block in 0..<count / 32 {
            let base = source + block * 34
            let scale = half(base, 0)
            let values = out + block * 32
            for index in 0..<32 { values[index] = Float(Int8(bitPattern: byte(base, 2 + index))) * scale }
        }
    }

    /// 18-byte blocks: f16 d, 16 bytes of nibbles (low nibble = element j, high = j + 16); value = (q − 8)·d.
    private static func q4_0(_ source: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        for block in 0..<count / 32 {
            let base = source + block * 18
            let scale = half(base, 0)
            let values = out + block * 32
            for index in 0..<16 {
                let packed = byte(base, 2 + index)
                values[index] = Float(Int(packed & 0x0F) - 8) * scale
                values[index + 16] = Float(Int(packed >> 4) - 8) * scale
            }
        }
    }

    /// 20-byte blocks: f16 d, f16 m, 16 bytes of nibbles as Q4_0; value = q·d + m.
    private static func q4_1(_ source: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        for block in 0..<count / 32 {
            let base = source + block * 20
            let scale = half(base, 0)
            let minimum = half(base, 2)
            let values = out + block * 32
            for index in 0..<16 {
                let packed = byte(base, 4 + index)
                values[index] = Float(packed & 0x0F) * scale + minimum
                values[index + 16] = Float(packed >> 4) * scale + minimum
            }
        }
    }

    /// 144-byte super-blocks of 256: f16 d, f16 dmin, 12 bytes of packed 6-bit scales and mins, 128 bytes
    /// of nibbles. Each 64 values use two (scale, min) pairs: low nibbles of 32 bytes, then high nibbles.
    private static func q4_K(_ source: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        for block in 0..<count / 256 {
            let base = source + block * 144
            let scale = half(base, 0)
            let minimum = half(base, 2)
            let scales = base + 4
            var quants = base + 16
            var values = out + block * 256
            for group in 0..<4 {
                let (scale1, min1) = scaleMin(scales, 2 * group)
                let (scale2, min2) = scaleMin(scales, 2 * group + 1)
                let d1 = scale * Float(scale1)
                let m1 = minimum * Float(min1)
                let d2 = scale * Float(scale2)
                let m2 = minimum * Float(min2)
                for index in 0..<32 {
                    let packed = byte(quants, index)
                    values[index] = d1 * Float(packed & 0x0F) - m1
                    values[index + 32] = d2 * Float(packed >> 4) - m2
                }
                quants += 32
                values += 64
            }
        }
    }

    /// The 6-bit scale and min of sub-block `j` (0–7) from Q4_K's 12 packed bytes (`get_scale_min_k4`).
    @inline(__always)
    private static func scaleMin(_ packed: UnsafeRawPointer, _ j: Int) -> (UInt8, UInt8) {
        if j < 4 { return (byte(packed, j) & 63, byte(packed, j + 4) & 63) }
        let scale = (byte(packed, j + 4) & 0x0F) | ((byte(packed, j - 4) >> 6) << 4)
        let minimum = (byte(packed, j + 4) >> 4) | ((byte(packed, j) >> 6) << 4)
        return (scale, minimum)
    }

    /// 210-byte super-blocks of 256: 128 bytes of low nibbles (ql), 64 bytes of 2-bit high parts (qh),
    /// 16 × i8 scales, f16 d; value = d · scale · (q − 32) with q 6 bits.
    private static func q6_K(_ source: UnsafeRawPointer, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        for block in 0..<count / 256 {
            let base = source + block * 210
            let scale = half(base, 208)
            for half128 in 0..<2 {
                let low = base + 64 * half128
                let high = base + 128 + 32 * half128
                let scales = base + 192 + 8 * half128
                let values = out + block * 256 + 128 * half128
                for group in 0..<2 {
                    let s1 = scale * Float(Int8(bitPattern: byte(scales, group)))
                    let s2 = scale * Float(Int8(bitPattern: byte(scales, group + 2)))
                    let s3 = scale * Float(Int8(bitPattern: byte(scales, group + 4)))
                    let s4 = scale * Float(Int8(bitPattern: byte(scales, group + 6)))
                    for index in 16 * group..<16 * group + 16 {
                        let l0 = byte(low, index)
                        let l32 = byte(low, index + 32)
                        let h = byte(high, index)
                        values[index] = s1 * Float(Int32((l0 & 0x0F) | ((h & 3) << 4)) - 32)
                        values[index + 32] = s2 * Float(Int32((l32 & 0x0F) | (((h >> 2) & 3) << 4)) - 32)
                        values[index + 64] = s3 * Float(Int32((l0 >> 4) | (((h >> 4) & 3) << 4)) - 32)
                        values[index + 96] = s4 * Float(Int32((l32 >> 4) | (((h >> 6) & 3) << 4)) - 32)
                    }
                }
            }
        }
    }
}
