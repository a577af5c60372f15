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

#endif
