#include "CStoredRowDot.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// IEEE half bits to float, exact for finite values (subnormals normalised by the multiplication).
static inline float half_to_float(const uint8_t *p) {
    uint16_t bits = (uint16_t)(p[0] | (p[1] << 8));
    uint32_t magnitude = (uint32_t)(bits & 0x7FFF) << 13;
    uint32_t sign = (uint32_t)(bits & 0x8000) << 16;
    float f;
    memcpy(&f, &magnitude, 4);
    f *= 0x1p112f;
    uint32_t out;
    memcpy(&out, &f, 4);
    out |= sign;
    memcpy(&f, &out, 4);
    return f;
}

#if defined(__SSE2__)
static inline float horizontal_sum(__m128 v) {
    __m128 shuffled = _mm_shuffle_ps(v, v, _MM_SHUFFLE(2, 3, 0, 1));
    __m128 sums = _mm_add_ps(v, shuffled);
    shuffled = _mm_movehl_ps(shuffled, sums);
    sums = _mm_add_ss(sums, shuffled);
    return _mm_cvtss_f32(sums);
}

/// Four consecutive 32-bit lanes of bytes (zero- or sign-extended by the caller) times x.
static inline __m128 lanes(__m128i bytes16, const float *x) {
    return _mm_mul_ps(_mm_cvtepi32_ps(bytes16), _mm_loadu_ps(x));
}

/// Σ q[i]·x[i] for 16 unsigned bytes q (< 128) in natural order.
static inline __m128 dot16_unsigned(__m128i q, const float *x) {
    __m128i zero = _mm_setzero_si128();
    __m128i low16 = _mm_unpacklo_epi8(q, zero);
    __m128i high16 = _mm_unpackhi_epi8(q, zero);
    __m128 a = lanes(_mm_unpacklo_epi16(low16, zero), x);
    __m128 b = lanes(_mm_unpackhi_epi16(low16, zero), x + 4);
    a = _mm_add_ps(a, lanes(_mm_unpacklo_epi16(high16, zero), x + 8));
    b = _mm_add_ps(b, lanes(_mm_unpackhi_epi16(high16, zero), x + 12));
    return _mm_add_ps(a, b);
}

/// Σ q[i]·x[i] for 16 signed bytes q in natural order.
static inline __m128 dot16_signed(__m128i q, const float *x) {
    __m128i sign8 = _mm_cmplt_epi8(q, _mm_setzero_si128());
    __m128i low16 = _mm_unpacklo_epi8(q, sign8);
    __m128i high16 = _mm_unpackhi_epi8(q, sign8);
    __m128i lowSign = _mm_srai_epi16(low16, 15);
    __m128i highSign = _mm_srai_epi16(high16, 15);
    __m128 a = lanes(_mm_unpacklo_epi16(low16, lowSign), x);
    __m128 b = lanes(_mm_unpackhi_epi16(low16, lowSign), x + 4);
    a = _mm_add_ps(a, lanes(_mm_unpacklo_epi16(high16, highSign), x + 8));
    b = _mm_add_ps(b, lanes(_mm_unpackhi_epi16(high16, highSign), x + 12));
    return _mm_add_ps(a, b);
}
#endif

static float dot_q4_1_portable(const uint8_t *row, const float *x, size_t count) {
    size_t blocks = count / 32;
#if defined(__SSE2__)
    __m128 total = _mm_setzero_ps();
    __m128 offsets = _mm_setzero_ps();
    __m128i mask = _mm_set1_epi8(0x0F);
    for (size_t block = 0; block < blocks; block++) {
        const uint8_t *base = row + block * 20;
        const float *xs = x + block * 32;
        __m128i packed = _mm_loadu_si128((const __m128i *)(base + 4));
        __m128i low = _mm_and_si128(packed, mask);
        __m128i high = _mm_and_si128(_mm_srli_epi16(packed, 4), mask);
        __m128 products = _mm_add_ps(dot16_unsigned(low, xs), dot16_unsigned(high, xs + 16));
        __m128 sums = _mm_add_ps(
            _mm_add_ps(_mm_add_ps(_mm_loadu_ps(xs), _mm_loadu_ps(xs + 4)),
                       _mm_add_ps(_mm_loadu_ps(xs + 8), _mm_loadu_ps(xs + 12))),
            _mm_add_ps(_mm_add_ps(_mm_loadu_ps(xs + 16), _mm_loadu_ps(xs + 20)),
                       _mm_add_ps(_mm_loadu_ps(xs + 24), _mm_loadu_ps(xs + 28))));
        total = _mm_add_ps(total, _mm_mul_ps(_mm_set1_ps(half_to_float(base)), products));
        offsets = _mm_add_ps(offsets, _mm_mul_ps(_mm_set1_ps(half_to_float(base + 2)), sums));
    }
    return horizontal_sum(_mm_add_ps(total, offsets));
#else
    float sum = 0;
    for (size_t block = 0; block < blocks; block++) {
        const uint8_t *base = row + block * 20;
        float d = half_to_float(base), m = half_to_float(base + 2);
        for (int j = 0; j < 16; j++) {
            sum += (d * (float)(base[4 + j] & 0x0F) + m) * x[block * 32 + j];
            sum += (d * (float)(base[4 + j] >> 4) + m) * x[block * 32 + j + 16];
        }
    }
    return sum;
#endif
}

static float dot_q8_0_portable(const uint8_t *row, const float *x, size_t count) {
    size_t blocks = count / 32;
#if defined(__SSE2__)
    __m128 total = _mm_setzero_ps();
    for (size_t block = 0; block < blocks; block++) {
        const uint8_t *base = row + block * 34;
        const float *xs = x + block * 32;
        __m128 products = _mm_add_ps(dot16_signed(_mm_loadu_si128((const __m128i *)(base + 2)), xs),
                                     dot16_signed(_mm_loadu_si128((const __m128i *)(base + 18)), xs + 16));
        total = _mm_add_ps(total, _mm_mul_ps(_mm_set1_ps(half_to_float(base)), products));
    }
    return horizontal_sum(total);
#else
    float sum = 0;
    for (size_t block = 0; block < blocks; block++) {
        const uint8_t *base = row + block * 34;
        float d = half_to_float(base);
        for (int j = 0; j < 32; j++) sum += d * (float)(int8_t)base[2 + j] * x[block * 32 + j];
    }
    return sum;
#endif
}

/* Adds the BF16 products of values i..<count to sum: the scalar tail of both BF16 kernels. */
static inline float bf16_tail(const uint8_t *row, const float *x, size_t i, size_t count, float sum) {
    for (; i < count; i++) {
        uint32_t bits = (uint32_t)(row[2 * i] | (row[2 * i + 1] << 8)) << 16;
        float w;
        memcpy(&w, &bits, 4);
        sum += w * x[i];
    }
    return sum;
}

static float dot_bf16_portable(const uint8_t *row, const float *x, size_t count) {
    size_t i = 0;
    float sum = 0;
#if defined(__SSE2__)
    __m128 a = _mm_setzero_ps(), b = _mm_setzero_ps();
    __m128i zero = _mm_setzero_si128();
    for (; i + 8 <= count; i += 8) {
        __m128i halves = _mm_loadu_si128((const __m128i *)(row + 2 * i));
        a = _mm_add_ps(a, _mm_mul_ps(_mm_castsi128_ps(_mm_unpacklo_epi16(zero, halves)), _mm_loadu_ps(x + i)));
        b = _mm_add_ps(b, _mm_mul_ps(_mm_castsi128_ps(_mm_unpackhi_epi16(zero, halves)), _mm_loadu_ps(x + i + 4)));
    }
    sum = horizontal_sum(_mm_add_ps(a, b));
#endif
    return bf16_tail(row, x, i, count, sum);
}

static float dot_f32_portable(const uint8_t *row, const float *x, size_t count) {
    size_t i = 0;
    float sum = 0;
#if defined(__SSE2__)
    __m128 a = _mm_setzero_ps(), b = _mm_setzero_ps();
    for (; i + 8 <= count; i += 8) {
        a = _mm_add_ps(a, _mm_mul_ps(_mm_loadu_ps((const float *)(row + 4 * i)), _mm_loadu_ps(x + i)));
        b = _mm_add_ps(b, _mm_mul_ps(_mm_loadu_ps((const float *)(row + 4 * i + 16)), _mm_loadu_ps(x + i + 4)));
    }
    sum = horizontal_sum(_mm_add_ps(a, b));
#endif
    for (; i < count; i++) {
        float w;
        memcpy(&w, row + 4 * i, 4);
        sum += w * x[i];
    }
    return sum;
}

#if defined(__x86_64__)
#include <immintrin.h>

static int has_avx2_fma_f16c(void) {
    static int known = -1;
    if (known < 0)
        known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c") ? 1 : 0;
    return known;
}

#define FF_AVX2 __attribute__((target("avx2,fma,f16c")))

FF_AVX2 static inline float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// The two F16 scales at p (d, then m for Q4_1) as floats.
FF_AVX2 static inline __m128 halves2(const uint8_t *p) {
    uint32_t bits;
    memcpy(&bits, p, 4);
    return _mm_cvtph_ps(_mm_cvtsi32_si128((int)bits));
}

/// Σ over 32-value blocks of x: sums[b] = x[32b] + … + x[32b + 31].
/* The products of a 32-value block's four 8-lane quantised vectors with its x values, in two partial sums
   (q0·x[0..8] + q2·x[16..24] and q1·x[8..16] + q3·x[24..32]); shared by the Q4_1 and Q8_0 kernels. */
FF_AVX2 static inline void block_products(__m256 q0, __m256 q1, __m256 q2, __m256 q3, const float *xs, __m256 *p,
                                          __m256 *r) {
    *p = _mm256_fmadd_ps(q2, _mm256_loadu_ps(xs + 16), _mm256_mul_ps(q0, _mm256_loadu_ps(xs)));
    *r = _mm256_fmadd_ps(q3, _mm256_loadu_ps(xs + 24), _mm256_mul_ps(q1, _mm256_loadu_ps(xs + 8)));
}

FF_AVX2 static void block_sums(const float *x, size_t blocks, float *sums) {
    for (size_t b = 0; b < blocks; b++) {
        const float *xs = x + 32 * b;
        __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_loadu_ps(xs), _mm256_loadu_ps(xs + 8)),
                                 _mm256_add_ps(_mm256_loadu_ps(xs + 16), _mm256_loadu_ps(xs + 24)));
        sums[b] = hsum256(s);
    }
}

/// Q4_1 row · x with the block sums of x given (the m·Σx term costs one multiply per block).
FF_AVX2 static float dot_q4_1_avx2(const uint8_t *row, const float *x, const float *sums, size_t blocks) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    __m128 offsets = _mm_setzero_ps();
    __m128i mask = _mm_set1_epi8(0x0F);
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *base = row + b * 20;
        const float *xs = x + b * 32;
        __m128 dm = halves2(base);
        __m128i packed = _mm_loadu_si128((const __m128i *)(base + 4));
        __m128i low = _mm_and_si128(packed, mask);
        __m128i high = _mm_and_si128(_mm_srli_epi16(packed, 4), mask);
        __m256 q0 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(low));
        __m256 q1 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_unpackhi_epi64(low, low)));
        __m256 q2 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(high));
        __m256 q3 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_unpackhi_epi64(high, high)));
        __m256 p, r;
        block_products(q0, q1, q2, q3, xs, &p, &r);
        __m256 d = _mm256_broadcastss_ps(dm);
        acc0 = _mm256_fmadd_ps(d, p, acc0);
        acc1 = _mm256_fmadd_ps(d, r, acc1);
        // lane 1 of dm is m: accumulate m · Σx of the block.
        offsets = _mm_fmadd_ps(dm, _mm_set_ps(0, 0, sums[b], 0), offsets);
    }
    return hsum256(_mm256_add_ps(acc0, acc1)) + _mm_cvtss_f32(_mm_shuffle_ps(offsets, offsets, 1));
}

FF_AVX2 static float dot_q8_0_avx2(const uint8_t *row, const float *x, size_t blocks) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *base = row + b * 34;
        const float *xs = x + b * 32;
        __m128i first = _mm_loadu_si128((const __m128i *)(base + 2));
        __m128i second = _mm_loadu_si128((const __m128i *)(base + 18));
        __m256 q0 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(first));
        __m256 q1 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_unpackhi_epi64(first, first)));
        __m256 q2 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(second));
        __m256 q3 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_unpackhi_epi64(second, second)));
        __m256 p, r;
        block_products(q0, q1, q2, q3, xs, &p, &r);
        __m256 d = _mm256_broadcastss_ps(halves2(base));
        acc0 = _mm256_fmadd_ps(d, p, acc0);
        acc1 = _mm256_fmadd_ps(d, r, acc1);
    }
    return hsum256(_mm256_add_ps(acc0, acc1));
}

FF_AVX2 static float dot_bf16_avx2(const uint8_t *row, const float *x, size_t count) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m256i a = _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(row + 2 * i))), 16);
        __m256i b = _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(row + 2 * i + 16))), 16);
        acc0 = _mm256_fmadd_ps(_mm256_castsi256_ps(a), _mm256_loadu_ps(x + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_castsi256_ps(b), _mm256_loadu_ps(x + i + 8), acc1);
    }
    float sum = hsum256(_mm256_add_ps(acc0, acc1));
    return bf16_tail(row, x, i, count, sum);
}

FF_AVX2 static float dot_f32_avx2(const uint8_t *row, const float *x, size_t count) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps((const float *)(row + 4 * i)), _mm256_loadu_ps(x + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps((const float *)(row + 4 * i + 32)), _mm256_loadu_ps(x + i + 8), acc1);
    }
    float sum = hsum256(_mm256_add_ps(acc0, acc1));
    for (; i < count; i++) {
        float w;
        memcpy(&w, row + 4 * i, 4);
        sum += w * x[i];
    }
    return sum;
}
#endif

float ff_dot_q4_1(const uint8_t *row, const float *x, size_t count) {
#if defined(__x86_64__)
    if (has_avx2_fma_f16c()) {
        size_t blocks = count / 32;
        float stack[512];
        float *sums = blocks <= 512 ? stack : (float *)malloc(blocks * sizeof(float));
        if (sums) {
            block_sums(x, blocks, sums);
            float result = dot_q4_1_avx2(row, x, sums, blocks);
            if (sums != stack) free(sums);
            return result;
        }
    }
#endif
    return dot_q4_1_portable(row, x, count);
}

float ff_dot_q8_0(const uint8_t *row, const float *x, size_t count) {
#if defined(__x86_64__)
    if (has_avx2_fma_f16c()) return dot_q8_0_avx2(row, x, count / 32);
#endif
    return dot_q8_0_portable(row, x, count);
}

float ff_dot_bf16(const uint8_t *row, const float *x, size_t count) {
#if defined(__x86_64__)
    if (has_avx2_fma_f16c()) return dot_bf16_avx2(row, x, count);
#endif
    return dot_bf16_portable(row, x, count);
}

float ff_dot_f32(const uint8_t *row, const float *x, size_t count) {
#if defined(__x86_64__)
    if (has_avx2_fma_f16c()) return dot_f32_avx2(row, x, count);
#endif
    return dot_f32_portable(row, x, count);
}

/// Stored row index of row r: llama.cpp's Q/K order within heads of `head_width` rows (0: identity).
static inline size_t stored_row(size_t r, size_t head_width) {
    if (head_width == 0) return r;
    size_t half = head_width / 2, within = r % head_width;
    return r - within + 2 * (within % half) + within / half;
}

void ff_rows_dot(int type, const uint8_t *base, size_t row_bytes, size_t first, size_t n, size_t head_width,
                 const float *x, size_t count, float *out) {
#if defined(__x86_64__)
    if (type == FF_STORED_Q4_1 && has_avx2_fma_f16c()) {
        size_t blocks = count / 32;
        float stack[512];
        float *sums = blocks <= 512 ? stack : (float *)malloc(blocks * sizeof(float));
        if (sums) {
            block_sums(x, blocks, sums);
            for (size_t i = 0; i < n; i++)
                out[i] = dot_q4_1_avx2(base + stored_row(first + i, head_width) * row_bytes, x, sums, blocks);
            if (sums != stack) free(sums);
            return;
        }
    }
#endif
    for (size_t i = 0; i < n; i++) {
        const uint8_t *row = base + stored_row(first + i, head_width) * row_bytes;
        switch (type) {
        case FF_STORED_F32: out[i] = ff_dot_f32(row, x, count); break;
        case FF_STORED_BF16: out[i] = ff_dot_bf16(row, x, count); break;
        case FF_STORED_Q8_0: out[i] = ff_dot_q8_0(row, x, count); break;
        default: out[i] = ff_dot_q4_1(row, x, count); break;
        }
    }
}
