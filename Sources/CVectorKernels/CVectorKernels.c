// Small vector loops Swift does not vectorise on x86-64 (its baseline there is SSE2, and its SIMD types
// reduce masks slowly). Each has an AVX2 version chosen at run time and a portable one; both give the
// same results (compares, additions and subtractions only).
#include "CVectorKernels.h"

#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

static void walsh_hadamard_portable(float *x, size_t n) {
    for (size_t h = 1; h < n; h *= 2) {
        for (size_t i = 0; i < n; i += 2 * h) {
            for (size_t j = i; j < i + h; j++) {
                float a = x[j], b = x[j + h];
                x[j] = a + b;
                x[j + h] = a - b;
            }
        }
    }
}

#if defined(__x86_64__)

__attribute__((target("avx2"))) static size_t first_at_least_avx2(const float *x, size_t n, float bar) {
    const __m256 b = _mm256_set1_ps(bar);
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256 m0 = _mm256_cmp_ps(_mm256_loadu_ps(x + i), b, _CMP_GE_OQ);
        __m256 m1 = _mm256_cmp_ps(_mm256_loadu_ps(x + i + 8), b, _CMP_GE_OQ);
        __m256 m2 = _mm256_cmp_ps(_mm256_loadu_ps(x + i + 16), b, _CMP_GE_OQ);
        __m256 m3 = _mm256_cmp_ps(_mm256_loadu_ps(x + i + 24), b, _CMP_GE_OQ);
        if (_mm256_movemask_ps(_mm256_or_ps(_mm256_or_ps(m0, m1), _mm256_or_ps(m2, m3)))) break;
    }
    for (; i + 8 <= n; i += 8) {
        int mask = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(x + i), b, _CMP_GE_OQ));
        if (mask) return i + (size_t)__builtin_ctz((unsigned)mask);
    }
    for (; i < n; i++) {
        if (x[i] >= bar) return i;
    }
    return n;
}

__attribute__((target("avx2"))) static size_t first_at_least_each_avx2(const float *x, const float *bars, size_t n) {
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256 m0 = _mm256_cmp_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(bars + i), _CMP_GE_OQ);
        __m256 m1 = _mm256_cmp_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(bars + i + 8), _CMP_GE_OQ);
        __m256 m2 = _mm256_cmp_ps(_mm256_loadu_ps(x + i + 16), _mm256_loadu_ps(bars + i + 16), _CMP_GE_OQ);
        __m256 m3 = _mm256_cmp_ps(_mm256_loadu_ps(x + i + 24), _mm256_loadu_ps(bars + i + 24), _CMP_GE_OQ);
        if (_mm256_movemask_ps(_mm256_or_ps(_mm256_or_ps(m0, m1), _mm256_or_ps(m2, m3)))) break;
    }
    for (; i + 8 <= n; i += 8) {
        int mask = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(bars + i), _CMP_GE_OQ));
        if (mask) return i + (size_t)__builtin_ctz((unsigned)mask);
    }
    for (; i < n; i++) {
        if (x[i] >= bars[i]) return i;
    }
    return n;
}

__attribute__((target("avx2"))) static void walsh_hadamard_avx2(float *x, size_t n) {
    if (n < 8) {
        walsh_hadamard_portable(x, n);
        return;
    }
    // Strides 1, 2 and 4 inside each block of eight: partner lanes by permutation, then the sum kept
    // in the lower lane of each pair and (partner − self) = (lower − upper) in the upper one.
    for (size_t i = 0; i < n; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        __m256 s = _mm256_permute_ps(v, 0xB1);
        v = _mm256_blend_ps(_mm256_add_ps(v, s), _mm256_sub_ps(s, v), 0xAA);
        s = _mm256_permute_ps(v, 0x4E);
        v = _mm256_blend_ps(_mm256_add_ps(v, s), _mm256_sub_ps(s, v), 0xCC);
        s = _mm256_permute2f128_ps(v, v, 1);
        v = _mm256_blend_ps(_mm256_add_ps(v, s), _mm256_sub_ps(s, v), 0xF0);
        _mm256_storeu_ps(x + i, v);
    }
    for (size_t h = 8; h < n; h *= 2) {
        for (size_t i = 0; i < n; i += 2 * h) {
            for (size_t j = i; j < i + h; j += 8) {
                __m256 a = _mm256_loadu_ps(x + j), b = _mm256_loadu_ps(x + j + h);
                _mm256_storeu_ps(x + j, _mm256_add_ps(a, b));
                _mm256_storeu_ps(x + j + h, _mm256_sub_ps(a, b));
            }
        }
    }
}


// Sketch scores: (64·words − 2·popcount(a_i XOR b_j)) for every pair, columns in blocks of 256 rows of b
// (64 KB at 2048 bits, kept in L2) and four at a time, so each 32-byte chunk of a_i is loaded once per four.
// Popcounts by nibble look-up (vpshufb), summed per byte and folded into 64-bit lanes (vpsadbw) every
// 16 chunks, before a byte can overflow.
__attribute__((target("avx2"))) static void sketch_scores_avx2(const uint64_t *a, size_t a_rows, const uint64_t *b,
                                                               size_t b_rows, size_t words, float *c, size_t ldc) {
    const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2,
                                         3, 2, 3, 3, 4);
    const __m256i low = _mm256_set1_epi8(0x0f);
    const __m256i zero = _mm256_setzero_si256();
    const size_t chunks = words / 4;
    const float total = (float)(64 * words);
    for (size_t j0 = 0; j0 < b_rows; j0 += 256) {
        const size_t j1 = j0 + 256 < b_rows ? j0 + 256 : b_rows;
        for (size_t i = 0; i < a_rows; i++) {
            const uint64_t *ai = a + i * words;
            float *ci = c + i * ldc;
            size_t j = j0;
            for (; j + 4 <= j1; j += 4) {
                const uint64_t *bj = b + j * words;
                __m256i s0 = zero, s1 = zero, s2 = zero, s3 = zero;
                __m256i q0 = zero, q1 = zero, q2 = zero, q3 = zero;
                for (size_t k = 0; k < chunks; k++) {
                    const __m256i x = _mm256_loadu_si256((const __m256i *)(ai + 4 * k));
#define FF_COUNT(q, row)                                                                                           \
    do {                                                                                                           \
        __m256i v = _mm256_xor_si256(x, _mm256_loadu_si256((const __m256i *)(bj + (row) * words + 4 * k)));       \
        __m256i n = _mm256_add_epi8(_mm256_shuffle_epi8(lut, _mm256_and_si256(v, low)),                          \
                                    _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16(v, 4), low)));   \
        q = _mm256_add_epi8(q, n);                                                                                 \
    } while (0)
                    FF_COUNT(q0, 0);
                    FF_COUNT(q1, 1);
                    FF_COUNT(q2, 2);
                    FF_COUNT(q3, 3);
#undef FF_COUNT
                    if ((k & 15) == 15 || k + 1 == chunks) {
                        s0 = _mm256_add_epi64(s0, _mm256_sad_epu8(q0, zero));
                        s1 = _mm256_add_epi64(s1, _mm256_sad_epu8(q1, zero));
                        s2 = _mm256_add_epi64(s2, _mm256_sad_epu8(q2, zero));
                        s3 = _mm256_add_epi64(s3, _mm256_sad_epu8(q3, zero));
                        q0 = q1 = q2 = q3 = zero;
                    }
                }
                // Lane sums of s0…s3 as four 64-bit lanes (each < 2^31), then as floats.
                const __m256i p = _mm256_add_epi64(_mm256_unpacklo_epi64(s0, s1), _mm256_unpackhi_epi64(s0, s1));
                const __m256i q = _mm256_add_epi64(_mm256_unpacklo_epi64(s2, s3), _mm256_unpackhi_epi64(s2, s3));
                const __m256i h = _mm256_add_epi64(_mm256_permute2x128_si256(p, q, 0x20),
                                                   _mm256_permute2x128_si256(p, q, 0x31));
                const __m128i h32 = _mm256_castsi256_si128(
                    _mm256_permutevar8x32_epi32(h, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)));
                const __m128 counts = _mm_cvtepi32_ps(h32);
                _mm_storeu_ps(ci + j, _mm_sub_ps(_mm_set1_ps(total), _mm_add_ps(counts, counts)));
            }
            for (; j < j1; j++) {
                const uint64_t *bj = b + j * words;
                uint64_t h = 0;
                for (size_t w = 0; w < words; w++) h += (uint64_t)__builtin_popcountll(ai[w] ^ bj[w]);
                ci[j] = total - 2.0f * (float)h;
            }
        }
    }
}

static int has_avx2(void) {
    static int known = -1;
    if (known < 0) known = __builtin_cpu_supports("avx2") ? 1 : 0;
    return known;
}
#endif

static size_t first_at_least_portable(const float *x, size_t n, float bar) {
    for (size_t i = 0; i < n; i++) {
        if (x[i] >= bar) return i;
    }
    return n;
}

static size_t first_at_least_each_portable(const float *x, const float *bars, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (x[i] >= bars[i]) return i;
    }
    return n;
}

size_t ff_first_at_least(const float *x, size_t n, float bar) {
#if defined(__x86_64__)
    if (has_avx2()) return first_at_least_avx2(x, n, bar);
#endif
    return first_at_least_portable(x, n, bar);
}

size_t ff_first_at_least_each(const float *x, const float *bars, size_t n) {
#if defined(__x86_64__)
    if (has_avx2()) return first_at_least_each_avx2(x, bars, n);
#endif
    return first_at_least_each_portable(x, bars, n);
}

void ff_walsh_hadamard(float *x, size_t n) {
#if defined(__x86_64__)
    if (has_avx2()) {
        walsh_hadamard_avx2(x, n);
        return;
    }
#endif
    walsh_hadamard_portable(x, n);
}

static void sketch_scores_portable(const uint64_t *a, size_t a_rows, const uint64_t *b, size_t b_rows, size_t words,
                                   float *c, size_t ldc) {
    const float total = (float)(64 * words);
    for (size_t i = 0; i < a_rows; i++) {
        for (size_t j = 0; j < b_rows; j++) {
            uint64_t h = 0;
            for (size_t w = 0; w < words; w++) h += (uint64_t)__builtin_popcountll(a[i * words + w] ^ b[j * words + w]);
            c[i * ldc + j] = total - 2.0f * (float)h;
        }
    }
}

void ff_sketch_scores(const uint64_t *a, size_t a_rows, const uint64_t *b, size_t b_rows, size_t words, float *c,
                      size_t ldc) {
#if defined(__x86_64__)
    if (has_avx2() && words % 4 == 0) {
        sketch_scores_avx2(a, a_rows, b, b_rows, words, c, ldc);
        return;
    }
#endif
    sketch_scores_portable(a, a_rows, b, b_rows, words, c, ldc);
}

void ff_pack_signs(const float *x, size_t n, uint64_t *bits) {
    for (size_t w = 0; w < (n + 63) / 64; w++) bits[w] = 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] > 0) bits[i / 64] |= (uint64_t)1 << (i % 64);
    }
}

void ff_sign_sketch_row(const float *x, size_t n, const float *signs, size_t length, const int32_t *kept, size_t count,
                        float *buffer, uint64_t *bits, size_t bit_offset) {
    for (size_t c = 0; c < n; c++) buffer[c] = x[c] * signs[c];
    for (size_t c = n; c < length; c++) buffer[c] = 0;
    ff_walsh_hadamard(buffer, length);
    for (size_t t = 0; t < count; t++) {
        const size_t bit = bit_offset + t;
        bits[bit / 64] |= (uint64_t)(buffer[kept[t]] > 0) << (bit % 64);
    }
}
