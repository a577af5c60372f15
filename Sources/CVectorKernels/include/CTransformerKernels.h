#ifndef CTRANSFORMERKERNELS_H
#define CTRANSFORMERKERNELS_H

#include <stddef.h>

/// gate[i] = silu(gate[i]) · up[i] = gate[i] / (1 + e^(−gate[i])) · up[i] (SwiGLU), for i < n.
/// AVX2/FMA with a polynomial e^x (relative error about 2e-7) when the CPU has them, libm otherwise.
void ff_silu_mul(float *gate, const float *up, size_t n);

/// gate[i] = gelu_tanh(gate[i]) · up[i] (GeGLU, tanh approximation:
/// ½x(1 + tanh(√(2/π)(x + 0.044715x³)))), for i < n; the same two paths.
void ff_gelu_tanh_mul(float *gate, const float *up, size_t n);

/// x[i] = e^(x[i] − shift) for i < n, returning their sum (a softmax row's numerators); the same two paths.
float ff_exp_shifted_sum(float *x, size_t n, float shift);

/// Causal attention of one head, single-threaded: for query i (of `queries`, rows `q_stride` floats
/// apart, at absolute position start + i), scores s_j = scale · q_i·k_j for keys j in [low, start + i]
/// (low = max(0, start + i − window + 1) when window > 0, else 0; key rows `kv_stride` apart, as are
/// value rows), soft-capped to cap·tanh(s/cap) when cap > 0, softmax, and z_i = Σ_j p_j v_j written to
/// z (rows `z_stride` apart). `scores` is scratch for start + queries floats; head_dim values per row.
void ff_attention_head(const float *q, size_t q_stride, const float *k, const float *v, size_t kv_stride,
                       size_t queries, size_t start, size_t head_dim, float scale, float cap, size_t window,
                       float *scores, float *z, size_t z_stride);

/// The same for `heads` query heads that share one key/value head (grouped-query attention): query head h
/// of row i at q + i·q_stride + h·head_dim, its output at z + i·z_stride + h·head_dim. With AVX2/FMA, a
/// head_dim that is a multiple of 8 and at least 4 queries, the keys are transposed once for the group
/// and scores are computed 4 queries × 16 keys at a time, the weighted values summed in registers;
/// otherwise `ff_attention_head` per head. Allocates its scratch.
void ff_attention_group(const float *q, size_t q_stride, size_t heads, const float *k, const float *v,
                        size_t kv_stride, size_t queries, size_t start, size_t head_dim, float scale, float cap,
                        size_t window, float *z, size_t z_stride);

#endif
