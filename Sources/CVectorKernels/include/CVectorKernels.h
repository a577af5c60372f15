#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "CStoredRowDot.h"
#include "CTransformerKernels.h"

/// The first i in [0, n) with x[i] >= bar, or n (NaN never qualifies). Used to skip, eight or more at
/// a time, the product elements that cannot enter a top-k.
size_t ff_first_at_least(const float *x, size_t n, float bar);

/// The first i in [0, n) with x[i] >= bars[i], or n (NaN never qualifies).
size_t ff_first_at_least_each(const float *x, const float *bars, size_t n);

/// In-place unnormalised fast Walsh–Hadamard transform of x[0..<n], n a power of two. Additions and
/// subtractions only, in a fixed order, so the result is bit-identical on every machine and path.
void ff_walsh_hadamard(float *x, size_t n);

/// Sign-sketch scores: c[i·ldc + j] = 64·words − 2·popcount(a_i XOR b_j) (agreeing minus differing bits)
/// for rows a_i (`a_rows` of them) and b_j (`b_rows`), each `words` 64-bit words. Integer-valued, so the
/// AVX2 (used when words is a multiple of 4) and portable versions give identical results.
void ff_sketch_scores(const uint64_t *a, size_t a_rows, const uint64_t *b, size_t b_rows, size_t words, float *c,
                      size_t ldc);

/// One round of a sign sketch (`SketchProjection`): buffer[0..<length] = x[0..<n]·signs zero-padded to
/// `length` (a power of two), Walsh–Hadamard transformed; then bit `bit_offset + t` of `bits` is set when
/// buffer[kept[t]] > 0, for t < count (`bits` must start zeroed).
void ff_sign_sketch_row(const float *x, size_t n, const float *signs, size_t length, const int32_t *kept, size_t count,
                        float *buffer, uint64_t *bits, size_t bit_offset);

/// Packs the signs of x[0..<n] into bits[0..<(n + 63) / 64]: bit i is set when x[i] > 0.
void ff_pack_signs(const float *x, size_t n, uint64_t *bits);

#endif
