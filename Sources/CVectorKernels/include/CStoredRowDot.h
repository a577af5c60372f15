#ifndef CSTOREDROWDOT_H
#define CSTOREDROWDOT_H

#include <stddef.h>
#include <stdint.h>

/// Σ row[i]·x[i] over count values of one weight row stored as ggml Q4_1 (blocks of 20 bytes: F16 d,
/// F16 m, 16 bytes of nibbles, low nibbles elements 0–15, high 16–31; value d·q + m); count a multiple of 32.
float ff_dot_q4_1(const uint8_t *row, const float *x, size_t count);

/// The same for ggml Q8_0 (blocks of 34 bytes: F16 d, 32 signed bytes; value d·q).
float ff_dot_q8_0(const uint8_t *row, const float *x, size_t count);

/// The same for a row of bfloat16 values (little-endian).
float ff_dot_bf16(const uint8_t *row, const float *x, size_t count);

/// The same for a row of F32 values (little-endian, possibly unaligned).
float ff_dot_f32(const uint8_t *row, const float *x, size_t count);

/// Storage types of `ff_rows_dot`.
enum { FF_STORED_F32 = 0, FF_STORED_BF16 = 1, FF_STORED_Q8_0 = 2, FF_STORED_Q4_1 = 3 };

/// out[i] = row(first + i) · x for i < n, where row r is stored at base + s(r)·row_bytes with s the
/// identity (head_width 0) or llama.cpp's Q/K order within heads of head_width rows
/// (s(a·h/2 + i) = 2i + a within a head); `count` values per row, of `type` (an FF_STORED_ value).
/// Q4_1 sums each 32-value block of x once for all n rows. AVX2/FMA/F16C when the CPU has them.
void ff_rows_dot(int type, const uint8_t *base, size_t row_bytes, size_t first, size_t n, size_t head_width,
                 const float *x, size_t count, float *out);

#endif
