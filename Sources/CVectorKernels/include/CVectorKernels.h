#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H

#include <stddef.h>

#include "CStoredRowDot.h"

/// The first i in [0, n) with x[i] >= bar, or n (NaN never qualifies). Used to skip, eight or more at
/// a time, the product elements that cannot enter a top-k.
size_t ff_first_at_least(const float *x, size_t n, float bar);

/// The first i in [0, n) with x[i] >= bars[i], or n (NaN never qualifies).
size_t ff_first_at_least_each(const float *x, const float *bars, size_t n);

/// In-place unnormalised fast Walsh–Hadamard transform of x[0..<n], n a power of two. Additions and
/// subtractions only, in a fixed order, so the result is bit-identical on every machine and path.
void ff_walsh_hadamard(float *x, size_t n);

#endif
