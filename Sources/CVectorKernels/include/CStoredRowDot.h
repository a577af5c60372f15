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

#endif
