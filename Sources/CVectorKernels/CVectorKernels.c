// Small vector loops Swift does not vectorise on x86-64 (its baseline there is SSE2, and its SIMD types
// reduce masks slowly). Each has an AVX2 version chosen at run time and a portable one; both give the
// same results (compares, additions and subtractions only).
#include "CVectorKernels.h"

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
