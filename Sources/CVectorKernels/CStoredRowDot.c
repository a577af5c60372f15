#include "CStoredRowDot.h"

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

float ff_dot_q4_1(const uint8_t *row, const float *x, size_t count) {
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

float ff_dot_q8_0(const uint8_t *row, const float *x, size_t count) {
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

float ff_dot_bf16(const uint8_t *row, const float *x, size_t count) {
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
    for (; i < count; i++) {
        uint32_t bits = (uint32_t)(row[2 * i] | (row[2 * i + 1] << 8)) << 16;
        float w;
        memcpy(&w, &bits, 4);
        sum += w * x[i];
    }
    return sum;
}

float ff_dot_f32(const uint8_t *row, const float *x, size_t count) {
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
