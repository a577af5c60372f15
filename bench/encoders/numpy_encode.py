#!/usr/bin/env python3
"""NumPy baseline for `flowbench encode`: the same encoders on the same shapes, best of 5 runs.

    python3 bench/encoders/numpy_encode.py D_IN D_SAE TOKENS K

Prints one JSON line {"standard": seconds, "topk": seconds, "sgemm": seconds, "threads": ...}: float32 inputs
and weights, pre = (x - b_dec) @ W_enc + b_enc; standard keeps relu(pre) as (index, value) pairs per token,
TopK keeps the k largest (biases shifted for an L0 near 64, as in flowbench) (np.argpartition) where positive. Sparse extraction is included in the time.
"""
import json
import sys
import time

import numpy as np


def best(fn, runs=5):
    t = float("inf")
    for _ in range(runs):
        s = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - s)
    return t


def main():
    d_in, d_sae, tokens, k = (int(a) for a in sys.argv[1:5])
    rng = np.random.default_rng(3)
    x = rng.standard_normal((tokens, d_in), dtype=np.float32)
    w = (rng.standard_normal((d_in, d_sae), dtype=np.float32) / np.sqrt(d_in)).astype(np.float32)
    b_enc = rng.standard_normal(d_sae, dtype=np.float32) * 0.1
    b_dec = rng.standard_normal(d_in, dtype=np.float32) * 0.1
    # As in flowbench: biases shifted so that about 64 features per token are positive.
    sample = np.sort(((x[:64] - b_dec) @ w + b_enc).ravel())
    b_enc = (b_enc - sample[len(sample) - len(sample) * 64 // d_sae]).astype(np.float32)

    def standard():
        pre = (x - b_dec) @ w + b_enc
        rows, cols = np.nonzero(pre > 0)
        return rows, cols, pre[rows, cols]

    def topk():
        pre = (x - b_dec) @ w + b_enc
        idx = np.argpartition(-pre, k - 1, axis=1)[:, :k]
        idx.sort(axis=1)
        vals = np.take_along_axis(pre, idx, axis=1)
        keep = vals > 0
        return idx[keep], vals[keep]

    def sgemm():
        return x @ w

    print(json.dumps({"standard": best(standard), "topk": best(topk), "sgemm": best(sgemm)}))


if __name__ == "__main__":
    main()
