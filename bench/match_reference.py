#!/usr/bin/env python3
"""NumPy reference of featureflow's matching kernel, for `flowbench` (MatchBenchmark.swift).

Same algorithm as the Swift matcher: normalise decoder rows to unit L2 norm, multiply tile by tile
(A rows x all of B), keep the top-k of each row with argpartition, then sort those k (value desc,
index asc). Random data of the given shapes; BF16 operands are stored as uint16 and converted to
F32 first (timed). Prints one JSON line: seconds and GFLOP/s of the timed part (normalise + matmul
+ top-k), excluding data generation.
"""
import argparse
import json
import time

import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows-a", type=int, required=True)
    p.add_argument("--rows-b", type=int, required=True)
    p.add_argument("--dim", type=int, required=True)
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--tile", type=int, default=4096)
    p.add_argument("--dtype", choices=["f32", "bf16"], default="f32")
    args = p.parse_args()

    rng = np.random.default_rng(1)
    a = rng.standard_normal((args.rows_a, args.dim), dtype=np.float32)
    b = rng.standard_normal((args.rows_b, args.dim), dtype=np.float32)
    if args.dtype == "bf16":
        a = (a.view(np.uint32) >> 16).astype(np.uint16)
        b = (b.view(np.uint32) >> 16).astype(np.uint16)

    start = time.perf_counter()
    if args.dtype == "bf16":
        a = (a.astype(np.uint32) << 16).view(np.float32)
        b = (b.astype(np.uint32) << 16).view(np.float32)
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-30)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-30)
    k = min(args.k, args.rows_b)
    top_index = np.empty((args.rows_a, k), dtype=np.int64)
    top_value = np.empty((args.rows_a, k), dtype=np.float32)
    bt = np.ascontiguousarray(b.T)
    for lo in range(0, args.rows_a, args.tile):
        s = a[lo:lo + args.tile] @ bt
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(s, part, axis=1)
        order = np.lexsort((part, -vals), axis=1)
        top_index[lo:lo + args.tile] = np.take_along_axis(part, order, axis=1)
        top_value[lo:lo + args.tile] = np.take_along_axis(vals, order, axis=1)
    seconds = time.perf_counter() - start
    flops = 2.0 * args.rows_a * args.rows_b * args.dim
    print(json.dumps({"seconds": seconds, "gflops": flops / seconds / 1e9, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
