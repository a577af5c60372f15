#!/usr/bin/env python3
"""NumPy reference for SAE encoders (FORMATS.md §0-§4), written from the formats' definitions.

Writes small random SAEs of each architecture in their published layouts, input activations, and the
expected sparse codes, as fixtures for Tests/SAEEncodingTests:

    python3 bench/encoders/reference.py Tests/SAEEncodingTests/Fixtures

Each case is a folder (or npz inside a Gemma Scope tree) plus `<case>.json`:
    {"format", "path", "d_in", "d_sae", "inputs": [[...]], "codes": [{"indices": [...], "values": [...]}],
     "normalization_scale": optional}
Maths are done in float64 on the float32 (or bf16-decoded) weights. Token rows whose pre-activations come
within MARGIN of a decision boundary (0, a threshold, the k-th/(k+1)-th TopK gap) are redrawn, so the
float32 encoder under test must agree on the active set; values are compared within 1e-5 relative.
"""
import json
import os
import struct
import sys

import numpy as np

D_IN, D_SAE, TOKENS, MARGIN = 12, 40, 16, 0.1


def bf16_bits(a):
    """float32 -> bf16 bit patterns, round to nearest even."""
    bits = np.ascontiguousarray(a, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def bf16_values(a):
    return (bf16_bits(a).astype(np.uint32) << 16).view(np.float32)


def write_safetensors(path, tensors):
    """tensors: list of (name, array, dtype 'F32'|'BF16'), written in order."""
    header, blobs, offset = {}, [], 0
    for name, array, dtype in tensors:
        data = bf16_bits(array).tobytes() if dtype == "BF16" else np.ascontiguousarray(array, "<f4").tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def normalise(x, mode, scale=None):
    x = x.astype(np.float64)
    if mode == "none":
        return x
    if mode == "expected_average_only_in":
        return x * scale
    if mode == "constant_norm_rescale":
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        c = np.where(norms > 0, np.sqrt(x.shape[1]) / np.where(norms > 0, norms, 1), 1.0)
        return x * c
    if mode == "layer_norm":
        mu = x.mean(axis=1, keepdims=True)
        sd = x.std(axis=1, ddof=1, keepdims=True)
        return (x - mu) / (sd + 1e-5)
    raise ValueError(mode)


def activate(h, rule, threshold=None, k=None, gate=None):
    """h: pre-activations [tokens, d_sae] (float64). Returns (codes, clean-row mask)."""
    codes, clean = [], []
    for t in range(h.shape[0]):
        row = h[t]
        ok = True
        if rule == "relu":
            active = row > 0
            ok = np.all(np.abs(row) > MARGIN)
            vals = row
        elif rule == "jumprelu":
            active = (row > threshold) & (row > 0)
            ok = np.all(np.abs(row - threshold) > MARGIN) and np.all(np.abs(row) > MARGIN)
            vals = row
        elif rule == "topk":
            order = sorted(range(len(row)), key=lambda i: (-row[i], i))  # ties: lower index wins
            kept = np.zeros(len(row), bool)
            kept[order[:k]] = True
            active = kept & (row > 0)
            if k < len(row):
                ok = row[order[k - 1]] - row[order[k]] > MARGIN
            ok = ok and np.all(np.abs(row) > MARGIN)
            vals = row
        elif rule == "gated":
            b_gate, r_mag, b_mag, p = gate
            g = p[t] + b_gate
            m = p[t] * np.exp(r_mag) + b_mag
            active = (g > 0) & (m > 0)
            ok = np.all(np.abs(g) > MARGIN) and np.all(np.abs(m) > MARGIN)
            vals = m
        idx = np.nonzero(active)[0]
        codes.append({"indices": [int(i) for i in idx], "values": [float(vals[i]) for i in idx]})
        clean.append(bool(ok))
    return codes, np.array(clean)


def draw_inputs(rng, encode, scale=3.0):
    """Draws token rows until TOKENS clean ones are found; the first row is all zeros (kept even if unclean)."""
    rows, codes = [], []
    zero = np.zeros((1, D_IN), np.float32)
    c, _ = encode(zero)
    rows.append(zero[0])
    codes.append(c[0])
    while len(rows) < TOKENS:
        x = (rng.standard_normal((64, D_IN)) * scale).astype(np.float32)
        c, clean = encode(x)
        for t in np.nonzero(clean)[0]:
            if len(rows) < TOKENS:
                rows.append(x[t])
                codes.append(c[t])
    return np.stack(rows), codes


def dump(out, case, meta, inputs, codes):
    meta = dict(meta)
    meta["inputs"] = [[float(v) for v in row] for row in inputs]
    meta["codes"] = codes
    with open(os.path.join(out, case + ".json"), "w") as f:
        json.dump(meta, f, separators=(",", ":"))


def saelens_case(out, rng, case, arch, dtype="F32", apply_b_dec=True, norm="none", k=None, scale=None):
    w_enc = rng.standard_normal((D_IN, D_SAE)).astype(np.float32)
    w_dec = (rng.standard_normal((D_SAE, D_IN)) * 0.3).astype(np.float32)
    b_dec = (rng.standard_normal(D_IN) * 0.5).astype(np.float32)
    b_enc = rng.standard_normal(D_SAE).astype(np.float32)
    tensors = [("W_enc", w_enc, dtype), ("W_dec", w_dec, dtype), ("b_dec", b_dec, dtype)]
    extra = {}
    if arch == "gated":
        extra = {
            "b_gate": rng.standard_normal(D_SAE).astype(np.float32),
            "r_mag": (rng.standard_normal(D_SAE) * 0.3).astype(np.float32),
            "b_mag": rng.standard_normal(D_SAE).astype(np.float32),
        }
    else:
        extra["b_enc"] = b_enc
    if arch == "jumprelu":
        extra["threshold"] = rng.uniform(0.5, 2.0, D_SAE).astype(np.float32)
    tensors += [(n, a, dtype) for n, a in extra.items()]
    folder = os.path.join(out, case)
    write_safetensors(os.path.join(folder, "sae_weights.safetensors"), tensors)
    cfg = {
        "d_in": D_IN, "d_sae": D_SAE, "dtype": "float32", "device": "cpu", "apply_b_dec_to_input": apply_b_dec,
        "normalize_activations": norm, "reshape_activations": "none", "architecture": arch,
        "metadata": {"hook_name": "blocks.2.hook_resid_post", "model_name": "tiny", "sae_lens_version": "6.18.0"},
    }
    if k is not None:
        cfg["k"] = k
    with open(os.path.join(folder, "cfg.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    # What the file holds, decoded as a reader must.
    dec = (lambda a: bf16_values(a)) if dtype == "BF16" else (lambda a: a)
    W, bd = dec(w_enc).astype(np.float64), dec(b_dec).astype(np.float64)
    E = {n: dec(a).astype(np.float64) for n, a in extra.items()}

    def encode(x):
        xin = normalise(x, norm, scale)
        if apply_b_dec:
            xin = xin - bd
        p = xin @ W
        if arch == "gated":
            return activate(p, "gated", gate=(E["b_gate"], E["r_mag"], E["b_mag"], p))
        h = p + E["b_enc"]
        if arch == "jumprelu":
            return activate(h, "jumprelu", threshold=E["threshold"])
        if arch == "topk":
            return activate(h, "topk", k=k)
        return activate(h, "relu")

    inputs, codes = draw_inputs(rng, encode)
    meta = {"format": "saelens", "path": case, "d_in": D_IN, "d_sae": D_SAE}
    if scale is not None:
        meta["normalization_scale"] = scale
    dump(out, case, meta, inputs, codes)


def gemma_case(out, rng):
    w_enc = rng.standard_normal((D_IN, D_SAE)).astype(np.float32)
    w_dec = (rng.standard_normal((D_SAE, D_IN)) * 0.3).astype(np.float32)
    b_enc = rng.standard_normal(D_SAE).astype(np.float32)
    b_dec = (rng.standard_normal(D_IN) * 0.5).astype(np.float32)
    threshold = rng.uniform(0.5, 2.0, D_SAE).astype(np.float32)
    rel = "gemma-scope-2b-pt-res/layer_3/width_tiny/average_l0_9/params.npz"
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.savez(path, W_enc=w_enc, W_dec=w_dec, b_enc=b_enc, b_dec=b_dec, threshold=threshold)

    def encode(x):  # Gemma Scope: raw x, no b_dec subtraction (FORMATS.md §2.2)
        h = x.astype(np.float64) @ w_enc.astype(np.float64) + b_enc
        return activate(h, "jumprelu", threshold=threshold.astype(np.float64))

    inputs, codes = draw_inputs(rng, encode)
    dump(out, "gemma_scope", {"format": "gemma-scope", "path": rel, "d_in": D_IN, "d_sae": D_SAE}, inputs, codes)


def llama_case(out, rng):
    E = rng.standard_normal((D_SAE, D_IN)).astype(np.float32)
    b_E = (rng.standard_normal(D_SAE) * 2).astype(np.float32)
    D = (rng.standard_normal((D_IN, D_SAE)) * rng.uniform(0.05, 0.4, D_SAE)).astype(np.float32)
    b_D = (rng.standard_normal(D_IN) * 0.5).astype(np.float32)
    norm_in, norm_out, t = 2.5, 2.5, 0.75
    folder = os.path.join(out, "llama_scope")
    write_safetensors(
        os.path.join(folder, "checkpoints", "final.safetensors"),
        [("encoder.weight", E, "BF16"), ("encoder.bias", b_E, "BF16"), ("decoder.weight", D, "BF16"),
         ("decoder.bias", b_D, "BF16")])
    hyper = {
        "d_model": D_IN, "d_sae": D_SAE, "expansion_factor": D_SAE // D_IN, "hook_point_in": "blocks.4.hook_resid_post",
        "hook_point_out": "blocks.4.hook_resid_post", "act_fn": "jumprelu", "jump_relu_threshold": t,
        "apply_decoder_bias_to_pre_encoder": False, "norm_activation": "dataset-wise",
        "dataset_average_activation_norm": {"in": norm_in, "out": norm_out}, "sparsity_include_decoder_norm": True,
        "top_k": 5,
    }
    with open(os.path.join(folder, "hyperparams.json"), "w") as f:
        json.dump(hyper, f, indent=1)
    Ev, bEv, Dv = (bf16_values(a).astype(np.float64) for a in (E, b_E, D))
    s_in, s_out = np.sqrt(D_IN) / norm_in, np.sqrt(D_IN) / norm_out
    # §3.4: standardise (b_E / s_in, D · s_in/s_out), then unit decoder columns folded into E and b_E.
    n = np.linalg.norm(Dv * (s_in / s_out), axis=0)
    Es, bs = Ev * n[:, None], (bEv / s_in) * n

    def encode(x):
        h = x.astype(np.float64) @ Es.T + bs
        return activate(h, "jumprelu", threshold=np.full(D_SAE, t))

    inputs, codes = draw_inputs(rng, encode, scale=1.0)
    dump(out, "llama_scope", {"format": "llama-scope", "path": "llama_scope", "d_in": D_IN, "d_sae": D_SAE},
         inputs, codes)


def sparsify_case(out, rng, k=6):
    E = rng.standard_normal((D_SAE, D_IN)).astype(np.float32)
    b = rng.standard_normal(D_SAE).astype(np.float32)
    W_dec = (rng.standard_normal((D_SAE, D_IN)) * 0.3).astype(np.float32)
    b_dec = (rng.standard_normal(D_IN) * 0.5).astype(np.float32)
    folder = os.path.join(out, "layers.5")
    write_safetensors(os.path.join(folder, "sae.safetensors"),
                      [("encoder.weight", E, "F32"), ("encoder.bias", b, "F32"), ("W_dec", W_dec, "F32"),
                       ("b_dec", b_dec, "F32")])
    with open(os.path.join(folder, "cfg.json"), "w") as f:
        json.dump({"activation": "topk", "expansion_factor": 0, "normalize_decoder": True, "num_latents": D_SAE,
                   "k": k, "multi_topk": False, "skip_connection": False, "transcode": False, "d_in": D_IN}, f)

    def encode(x):  # sparsify: relu(E(x - b_dec) + b), then the k largest
        pre = np.maximum((x.astype(np.float64) - b_dec) @ E.T.astype(np.float64) + b, 0)
        # relu before top-k keeps the same positive set as top-k before relu; the margin test needs raw h
        h = (x.astype(np.float64) - b_dec) @ E.T.astype(np.float64) + b
        codes, clean = activate(h, "topk", k=k)
        for c, row in zip(codes, pre):
            assert all(row[i] > 0 for i in c["indices"])
        return codes, clean

    inputs, codes = draw_inputs(rng, encode)
    dump(out, "sparsify", {"format": "sparsify", "path": "layers.5", "d_in": D_IN, "d_sae": D_SAE}, inputs, codes)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/SAEEncodingTests/Fixtures"
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(15)
    saelens_case(out, rng, "saelens_standard", "standard", apply_b_dec=True)
    saelens_case(out, rng, "saelens_jumprelu", "jumprelu", apply_b_dec=False)
    saelens_case(out, rng, "saelens_topk_bf16", "topk", dtype="BF16", apply_b_dec=True, norm="layer_norm", k=5)
    saelens_case(out, rng, "saelens_gated", "gated", apply_b_dec=True, norm="constant_norm_rescale")
    saelens_case(out, rng, "saelens_expected_average", "standard", apply_b_dec=False,
                 norm="expected_average_only_in", scale=0.625)
    gemma_case(out, rng)
    llama_case(out, rng)
    sparsify_case(out, rng)


if __name__ == "__main__":
    main()
