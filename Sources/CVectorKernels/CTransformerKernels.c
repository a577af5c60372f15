#include "CTransformerKernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

/// e^x for 8 lanes (Cephes' expf: x = n·ln2 + r, |r| ≤ ½ln2, degree-5 polynomial, then × 2^n);
/// x is clamped to [−87.3, 88.7] so the result stays a finite normal float.
__attribute__((target("avx2,fma"))) static inline __m256 exp8(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.7f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    __m256i exponent = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(exponent));
}

__attribute__((target("avx2,fma"))) static size_t silu_mul_avx2(float *gate, const float *up, size_t n) {
    size_t i = 0;
    __m256 one = _mm256_set1_ps(1.0f);
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(gate + i);
        __m256 e = exp8(_mm256_sub_ps(_mm256_setzero_ps(), x));
        __m256 silu = _mm256_div_ps(x, _mm256_add_ps(one, e));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(silu, _mm256_loadu_ps(up + i)));
    }
    return i;
}

__attribute__((target("avx2,fma"))) static size_t gelu_tanh_mul_avx2(float *gate, const float *up, size_t n) {
    size_t i = 0;
    __m256 one = _mm256_set1_ps(1.0f);
    __m256 k = _mm256_set1_ps(0.7978845608028654f);
    __m256 c = _mm256_set1_ps(0.044715f);
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(gate + i);
        __m256 y = _mm256_mul_ps(k, _mm256_fmadd_ps(_mm256_mul_ps(c, x), _mm256_mul_ps(x, x), x));
        // ½(1 + tanh y) = 1 / (1 + e^(−2y)).
        __m256 e = exp8(_mm256_mul_ps(_mm256_set1_ps(-2.0f), y));
        __m256 gelu = _mm256_div_ps(x, _mm256_add_ps(one, e));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(gelu, _mm256_loadu_ps(up + i)));
    }
    return i;
}

__attribute__((target("avx2,fma"))) static size_t exp_shifted_avx2(float *x, size_t n, float shift, float *sum) {
    size_t i = 0;
    __m256 s = _mm256_set1_ps(shift);
    __m256 total = _mm256_setzero_ps();
    for (; i + 8 <= n; i += 8) {
        __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), s));
        _mm256_storeu_ps(x + i, e);
        total = _mm256_add_ps(total, e);
    }
    float lanes[8];
    _mm256_storeu_ps(lanes, total);
    *sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    return i;
}

__attribute__((target("avx2,fma"))) static float dot_avx2(const float *a, const float *b, size_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    for (; i + 8 <= n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    float lanes[8];
    _mm256_storeu_ps(lanes, _mm256_add_ps(s0, s1));
    float sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

/// out[0..<n] += w · x[0..<n].
__attribute__((target("avx2,fma"))) static void axpy_avx2(float *out, float w, const float *x, size_t n) {
    __m256 ww = _mm256_set1_ps(w);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, _mm256_fmadd_ps(ww, _mm256_loadu_ps(x + i), _mm256_loadu_ps(out + i)));
    for (; i < n; i++) out[i] += w * x[i];
}

/// Scores of 4 queries against 16 keys starting at key j: s_r[j + c] = Σ_d q_r[d] · kT[d·ldk + j + c].
__attribute__((target("avx2,fma"))) static void scores_4x16(const float *const q[4], const float *kT, size_t ldk,
                                                            size_t j, size_t head_dim, float *const s[4]) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    __m256 b0 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps(), b3 = _mm256_setzero_ps();
    const float *column = kT + j;
    for (size_t d = 0; d < head_dim; d++, column += ldk) {
        __m256 k0 = _mm256_loadu_ps(column), k1 = _mm256_loadu_ps(column + 8);
        __m256 x = _mm256_broadcast_ss(q[0] + d);
        a0 = _mm256_fmadd_ps(x, k0, a0);
        b0 = _mm256_fmadd_ps(x, k1, b0);
        x = _mm256_broadcast_ss(q[1] + d);
        a1 = _mm256_fmadd_ps(x, k0, a1);
        b1 = _mm256_fmadd_ps(x, k1, b1);
        x = _mm256_broadcast_ss(q[2] + d);
        a2 = _mm256_fmadd_ps(x, k0, a2);
        b2 = _mm256_fmadd_ps(x, k1, b2);
        x = _mm256_broadcast_ss(q[3] + d);
        a3 = _mm256_fmadd_ps(x, k0, a3);
        b3 = _mm256_fmadd_ps(x, k1, b3);
    }
    _mm256_storeu_ps(s[0] + j, a0);
    _mm256_storeu_ps(s[0] + j + 8, b0);
    _mm256_storeu_ps(s[1] + j, a1);
    _mm256_storeu_ps(s[1] + j + 8, b1);
    _mm256_storeu_ps(s[2] + j, a2);
    _mm256_storeu_ps(s[2] + j + 8, b2);
    _mm256_storeu_ps(s[3] + j, a3);
    _mm256_storeu_ps(s[3] + j + 8, b3);
}

/// z[0..<head_dim] = Σ_{j in [low, high]} p[j] · v_j (rows kv_stride apart), head_dim a multiple of 8, the
/// sums kept in registers 64 values at a time.
__attribute__((target("avx2,fma"))) static void weighted_values(const float *p, size_t low, size_t high,
                                                                const float *v, size_t kv_stride, size_t head_dim,
                                                                float *z) {
    size_t d = 0;
    for (; d + 64 <= head_dim; d += 64) {
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        __m256 a4 = _mm256_setzero_ps(), a5 = _mm256_setzero_ps(), a6 = _mm256_setzero_ps(), a7 = _mm256_setzero_ps();
        for (size_t j = low; j <= high; j++) {
            const float *row = v + j * kv_stride + d;
            __m256 w = _mm256_broadcast_ss(p + j);
            a0 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row), a0);
            a1 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 8), a1);
            a2 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 16), a2);
            a3 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 24), a3);
            a4 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 32), a4);
            a5 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 40), a5);
            a6 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 48), a6);
            a7 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 56), a7);
        }
        _mm256_storeu_ps(z + d, a0);
        _mm256_storeu_ps(z + d + 8, a1);
        _mm256_storeu_ps(z + d + 16, a2);
        _mm256_storeu_ps(z + d + 24, a3);
        _mm256_storeu_ps(z + d + 32, a4);
        _mm256_storeu_ps(z + d + 40, a5);
        _mm256_storeu_ps(z + d + 48, a6);
        _mm256_storeu_ps(z + d + 56, a7);
    }
    for (; d < head_dim; d += 8) {
        __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps();
        size_t j = low;
        for (; j + 1 <= high; j += 2) {
            a = _mm256_fmadd_ps(_mm256_broadcast_ss(p + j), _mm256_loadu_ps(v + j * kv_stride + d), a);
            b = _mm256_fmadd_ps(_mm256_broadcast_ss(p + j + 1), _mm256_loadu_ps(v + (j + 1) * kv_stride + d), b);
        }
        if (j == high) a = _mm256_fmadd_ps(_mm256_broadcast_ss(p + j), _mm256_loadu_ps(v + j * kv_stride + d), a);
        _mm256_storeu_ps(z + d, _mm256_add_ps(a, b));
    }
}

static int has_avx2_fma(void) {
    static int known = -1;
    if (known < 0) known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
    return known;
}
#endif

void ff_silu_mul(float *gate, const float *up, size_t n) {
    size_t i = 0;
#if defined(__x86_64__)
    if (has_avx2_fma()) i = silu_mul_avx2(gate, up, n);
#endif
    for (; i < n; i++) gate[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

void ff_gelu_tanh_mul(float *gate, const float *up, size_t n) {
    size_t i = 0;
#if defined(__x86_64__)
    if (has_avx2_fma()) i = gelu_tanh_mul_avx2(gate, up, n);
#endif
    for (; i < n; i++) {
        float x = gate[i];
        gate[i] = 0.5f * x * (1.0f + tanhf(0.7978845608028654f * (x + 0.044715f * x * x * x))) * up[i];
    }
}

float ff_exp_shifted_sum(float *x, size_t n, float shift) {
    size_t i = 0;
    float sum = 0;
#if defined(__x86_64__)
    if (has_avx2_fma()) i = exp_shifted_avx2(x, n, shift, &sum);
#endif
    for (; i < n; i++) {
        x[i] = expf(x[i] - shift);
        sum += x[i];
    }
    return sum;
}

static float dot(const float *a, const float *b, size_t n) {
#if defined(__x86_64__)
    if (has_avx2_fma()) return dot_avx2(a, b, n);
#endif
    float sum = 0;
    for (size_t i = 0; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static void axpy(float *out, float w, const float *x, size_t n) {
#if defined(__x86_64__)
    if (has_avx2_fma()) {
        axpy_avx2(out, w, x, n);
        return;
    }
#endif
    for (size_t i = 0; i < n; i++) out[i] += w * x[i];
}

void ff_attention_head(const float *q, size_t q_stride, const float *k, const float *v, size_t kv_stride,
                       size_t queries, size_t start, size_t head_dim, float scale, float cap, size_t window,
                       float *scores, float *z, size_t z_stride) {
    for (size_t i = 0; i < queries; i++) {
        size_t position = start + i;
        size_t low = window > 0 && position + 1 > window ? position + 1 - window : 0;
        const float *qi = q + i * q_stride;
        float largest = -INFINITY;
        for (size_t j = low; j <= position; j++) {
            float s = scale * dot(qi, k + j * kv_stride, head_dim);
            if (cap > 0) s = cap * tanhf(s / cap);
            scores[j] = s;
            if (s > largest) largest = s;
        }
        float sum = ff_exp_shifted_sum(scores + low, position - low + 1, largest);
        float inverse = 1.0f / sum;
        float *zi = z + i * z_stride;
        for (size_t d = 0; d < head_dim; d++) zi[d] = 0;
        for (size_t j = low; j <= position; j++) axpy(zi, scores[j] * inverse, v + j * kv_stride, head_dim);
    }
}

/// Scale, soft-cap, softmax over scores[low..=high], returning nothing: scores become probabilities.
static void softmax_range(float *scores, size_t low, size_t high, float scale, float cap) {
    float largest = -INFINITY;
    for (size_t j = low; j <= high; j++) {
        float s = scale * scores[j];
        if (cap > 0) s = cap * tanhf(s / cap);
        scores[j] = s;
        if (s > largest) largest = s;
    }
    float sum = ff_exp_shifted_sum(scores + low, high - low + 1, largest);
    float inverse = 1.0f / sum;
    for (size_t j = low; j <= high; j++) scores[j] *= inverse;
}

void ff_attention_group(const float *q, size_t q_stride, size_t heads, const float *k, const float *v,
                        size_t kv_stride, size_t queries, size_t start, size_t head_dim, float scale, float cap,
                        size_t window, float *z, size_t z_stride) {
    size_t keys = start + queries;
#if defined(__x86_64__)
    if (has_avx2_fma() && head_dim % 8 == 0 && queries >= 4) {
        size_t ldk = (keys + 15) / 16 * 16;
        float *kT = (float *)malloc(sizeof(float) * (head_dim * ldk + 4 * ldk));
        if (kT) {
            float *scoreRows = kT + head_dim * ldk;
            // Keys transposed, [head_dim, ldk], zero-padded past the last key.
            for (size_t d = 0; d < head_dim; d++) {
                float *target = kT + d * ldk;
                for (size_t j = 0; j < keys; j++) target[j] = k[j * kv_stride + d];
                for (size_t j = keys; j < ldk; j++) target[j] = 0;
            }
            for (size_t h = 0; h < heads; h++) {
                for (size_t i0 = 0; i0 < queries; i0 += 4) {
                    size_t n = queries - i0 < 4 ? queries - i0 : 4;
                    const float *qs[4];
                    float *ss[4];
                    for (size_t r = 0; r < 4; r++) {
                        size_t i = i0 + (r < n ? r : n - 1);
                        qs[r] = q + i * q_stride + h * head_dim;
                        ss[r] = scoreRows + r * ldk;
                    }
                    size_t first = start + i0;
                    size_t last = start + i0 + n - 1;
                    size_t low0 = window > 0 && first + 1 > window ? first + 1 - window : 0;
                    for (size_t j = low0 / 16 * 16; j <= last; j += 16) scores_4x16(qs, kT, ldk, j, head_dim, ss);
                    for (size_t r = 0; r < n; r++) {
                        size_t position = first + r;
                        size_t low = window > 0 && position + 1 > window ? position + 1 - window : 0;
                        softmax_range(ss[r], low, position, scale, cap);
                        weighted_values(ss[r], low, position, v, kv_stride, head_dim,
                                        z + (i0 + r) * z_stride + h * head_dim);
                    }
                }
            }
            free(kT);
            return;
        }
    }
#endif
    float *scores = (float *)malloc(sizeof(float) * (keys > 0 ? keys : 1));
    for (size_t h = 0; h < heads; h++)
        ff_attention_head(q + h * head_dim, q_stride, k, v, kv_stride, queries, start, head_dim, scale, cap, window,
                          scores, z + h * head_dim, z_stride);
    free(scores);
}
