"""Independent NumPy reference for featureflow's transformer forward pass (issue 13).

Written from MODELS.md §3–4 and the semantics of Hugging Face's modeling_llama.py /
modeling_gemma2.py (not from the Swift code). Builds tiny random Llama-family and Gemma 2
checkpoints with a fixed seed, runs them in float64 on fixed token ids and writes, per model, into
Tests/ModelRuntimeTests/Fixtures/<name>/:

  model.json     config (Hugging Face field names), token ids, and an index of both binary files
  weights.f32    every tensor (float32, little-endian, row-major, PyTorch layout) back to back
  expected.f32   logits [B, T, V] and every hook's activation [B, T, width], plus a steering run

Usage: python3 bench/runtime_forward/reference.py   (NumPy only; deterministic)
"""

import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ModelRuntimeTests", "Fixtures")


# ----------------------------------------------------------------------------------------------
# Model definitions

MODELS = {
    # Grouped-query attention (4 query heads share 2 KV heads), separate lm_head.
    "llama_gqa_untied": dict(
        architecture="llama", num_hidden_layers=2, hidden_size=32, intermediate_size=48,
        num_attention_heads=4, num_key_value_heads=2, head_dim=8, vocab_size=61,
        rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False,
        batch=2, positions=7, seed=1),
    # One KV head (multi-query), head width 16 so q width 64 != d 32, tied embeddings, Llama 3
    # rope scaling whose wavelengths cover the high, medium and low frequency regimes.
    "llama_tied_rope3": dict(
        architecture="llama", num_hidden_layers=2, hidden_size=32, intermediate_size=40,
        num_attention_heads=4, num_key_value_heads=1, head_dim=16, vocab_size=53,
        rms_norm_eps=1e-6, rope_theta=10000.0, tie_word_embeddings=True,
        rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                          original_max_position_embeddings=32),
        batch=2, positions=6, seed=2),
    # Gemma 2: three layers (sliding window on layers 0 and 2), window 4 < 9 positions, soft-caps
    # small enough to bend the values, query_pre_attn_scalar != head_dim.
    "gemma2_window": dict(
        architecture="gemma2", num_hidden_layers=3, hidden_size=32, intermediate_size=40,
        num_attention_heads=4, num_key_value_heads=2, head_dim=16, vocab_size=67,
        rms_norm_eps=1e-6, rope_theta=10000.0, tie_word_embeddings=True,
        query_pre_attn_scalar=24.0, attn_logit_softcapping=2.0, final_logit_softcapping=3.0,
        sliding_window=4, batch=2, positions=9, seed=3),
}


def make_weights(cfg, rng):
    d, ff = cfg["hidden_size"], cfg["intermediate_size"]
    h, kv, hd = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
    v = cfg["vocab_size"]
    gemma = cfg["architecture"] == "gemma2"

    def mat(rows, cols, scale):
        return (rng.standard_normal((rows, cols)) * scale).astype(np.float32)

    def norm():
        # Gemma stores w with gain (1 + w); Llama stores the gain itself.
        base = 0.0 if gemma else 1.0
        return (base + rng.standard_normal(d) * 0.2).astype(np.float32)

    w = {"model.embed_tokens.weight": mat(v, d, 1.0 if not gemma else 0.3)}
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        w[p + "input_layernorm.weight"] = norm()
        w[p + "self_attn.q_proj.weight"] = mat(h * hd, d, 0.5 / math.sqrt(d) * 3)
        w[p + "self_attn.k_proj.weight"] = mat(kv * hd, d, 0.5 / math.sqrt(d) * 3)
        w[p + "self_attn.v_proj.weight"] = mat(kv * hd, d, 1 / math.sqrt(d))
        w[p + "self_attn.o_proj.weight"] = mat(d, h * hd, 1 / math.sqrt(h * hd))
        w[p + "post_attention_layernorm.weight"] = norm()
        if gemma:
            w[p + "pre_feedforward_layernorm.weight"] = norm()
            w[p + "post_feedforward_layernorm.weight"] = norm()
        w[p + "mlp.gate_proj.weight"] = mat(ff, d, 1 / math.sqrt(d))
        w[p + "mlp.up_proj.weight"] = mat(ff, d, 1 / math.sqrt(d))
        w[p + "mlp.down_proj.weight"] = mat(d, ff, 1 / math.sqrt(ff))
    w["model.norm.weight"] = norm()
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = mat(v, d, 1 / math.sqrt(d))
    return w


# ----------------------------------------------------------------------------------------------
# Forward pass (float64)

def rms_norm(x, weight, eps, gemma):
    x = x.astype(np.float64)
    normed = x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    gain = (1.0 + weight.astype(np.float64)) if gemma else weight.astype(np.float64)
    return normed * gain


def inverse_frequencies(cfg):
    hd = cfg["head_dim"]
    base = cfg["rope_theta"]
    inv = 1.0 / base ** (np.arange(0, hd, 2, dtype=np.float64) / hd)
    rs = cfg.get("rope_scaling")
    if rs:
        factor, lo, hi = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
        old = rs["original_max_position_embeddings"]
        out = []
        for f in inv:
            wavelen = 2 * math.pi / f
            if wavelen < old / hi:
                out.append(f)
            elif wavelen > old / lo:
                out.append(f / factor)
            else:
                smooth = (old / wavelen - lo) / (hi - lo)
                out.append((1 - smooth) * f / factor + smooth * f)
        inv = np.array(out)
    return inv


def rope(x, positions, inv):
    """x: [T, heads, hd]; rotate-half RoPE (HF layout)."""
    angles = np.outer(positions, inv)  # [T, hd/2]
    emb = np.concatenate([angles, angles], axis=-1)  # [T, hd]
    cos, sin = np.cos(emb)[:, None, :], np.sin(emb)[:, None, :]
    half = x.shape[-1] // 2
    rotated = np.concatenate([-x[..., half:], x[..., :half]], axis=-1)
    return x * cos + rotated * sin


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def silu(x):
    return x / (1 + np.exp(-x))


def forward_sequence(cfg, w, ids, steer=None):
    """One sequence; returns logits [T, V] and hooks {name: [T, width]}. steer = (hook, vector)."""
    gemma = cfg["architecture"] == "gemma2"
    d = cfg["hidden_size"]
    h, kv, hd = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
    eps = cfg["rms_norm_eps"]
    T = len(ids)
    hooks = {}

    def hook(name, value):
        if steer is not None and steer[0] == name:
            value = value + steer[1][None, :]
        hooks[name] = value.copy()
        return value

    x = w["model.embed_tokens.weight"][ids].astype(np.float64)
    if gemma:
        x = x * np.float64(np.float32(math.sqrt(d)))
    x = hook("hook_embed", x)
    inv = inverse_frequencies(cfg)
    positions = np.arange(T, dtype=np.float64)
    if gemma:
        scaling = cfg["query_pre_attn_scalar"] ** -0.5
    else:
        scaling = hd ** -0.5
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        W = lambda name: w[p + name].astype(np.float64)
        x = hook(f"blocks.{layer}.hook_resid_pre", x)
        a_in = rms_norm(x, w[p + "input_layernorm.weight"], eps, gemma)
        q = (a_in @ W("self_attn.q_proj.weight").T).reshape(T, h, hd)
        k = (a_in @ W("self_attn.k_proj.weight").T).reshape(T, kv, hd)
        v = (a_in @ W("self_attn.v_proj.weight").T).reshape(T, kv, hd)
        q, k = rope(q, positions, inv), rope(k, positions, inv)
        z = np.zeros((T, h, hd))
        sliding = gemma and layer % 2 == 0
        for head in range(h):
            g = head // (h // kv)
            scores = q[:, head, :] @ k[:, g, :].T * scaling  # [T, T]
            if gemma:
                c = cfg["attn_logit_softcapping"]
                scores = c * np.tanh(scores / c)
            i = np.arange(T)[:, None]
            j = np.arange(T)[None, :]
            allowed = j <= i
            if sliding:
                allowed &= (i - j) < cfg["sliding_window"]
            scores = np.where(allowed, scores, -np.inf)
            scores = scores - scores.max(axis=1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=1, keepdims=True)
            z[:, head, :] = probs @ v[:, g, :]
        z = hook(f"blocks.{layer}.attn.hook_z", z.reshape(T, h * hd))
        attn_out = z @ W("self_attn.o_proj.weight").T
        if gemma:
            attn_out = rms_norm(attn_out, w[p + "post_attention_layernorm.weight"], eps, True)
        attn_out = hook(f"blocks.{layer}.hook_attn_out", attn_out)
        x = x + attn_out
        if gemma:
            m_in = rms_norm(x, w[p + "pre_feedforward_layernorm.weight"], eps, True)
        else:
            m_in = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps, False)
        gate = m_in @ W("mlp.gate_proj.weight").T
        up = m_in @ W("mlp.up_proj.weight").T
        act = gelu_tanh(gate) if gemma else silu(gate)
        mlp_out = (act * up) @ W("mlp.down_proj.weight").T
        if gemma:
            mlp_out = rms_norm(mlp_out, w[p + "post_feedforward_layernorm.weight"], eps, True)
        mlp_out = hook(f"blocks.{layer}.hook_mlp_out", mlp_out)
        x = x + mlp_out
        x = hook(f"blocks.{layer}.hook_resid_post", x)
    x = rms_norm(x, w["model.norm.weight"], eps, gemma)
    head = w["lm_head.weight"] if "lm_head.weight" in w else w["model.embed_tokens.weight"]
    logits = x @ head.astype(np.float64).T
    if gemma:
        c = cfg["final_logit_softcapping"]
        logits = c * np.tanh(logits / c)
    return logits, hooks


# ----------------------------------------------------------------------------------------------
# Fixture writing

def write_model(name, spec):
    cfg = {k: v for k, v in spec.items() if k not in ("batch", "positions", "seed")}
    rng = np.random.default_rng(spec["seed"])
    weights = make_weights(cfg, rng)
    ids = rng.integers(0, cfg["vocab_size"], size=(spec["batch"], spec["positions"])).tolist()
    steer_hook = "blocks.1.hook_resid_pre"
    steer_vector = rng.standard_normal(cfg["hidden_size"]).astype(np.float32)

    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    index, offset = [], 0
    with open(os.path.join(folder, "weights.f32"), "wb") as f:
        for tensor_name in sorted(weights):
            t = weights[tensor_name]
            f.write(t.astype("<f4").tobytes())
            index.append(dict(name=tensor_name, shape=list(t.shape), offset=offset))
            offset += t.size

    runs = [forward_sequence(cfg, weights, seq) for seq in ids]
    steered = [forward_sequence(cfg, weights, seq, (steer_hook, steer_vector.astype(np.float64)))[0]
               for seq in ids]
    expected = {"logits": np.stack([r[0] for r in runs])}
    for hook_name in runs[0][1]:
        expected[hook_name] = np.stack([r[1][hook_name] for r in runs])
    expected["steer.vector"] = steer_vector[None, None, :]
    expected["steer.logits"] = np.stack(steered)
    expected_index, offset = [], 0
    with open(os.path.join(folder, "expected.f32"), "wb") as f:
        for key in sorted(expected):
            t = expected[key]
            f.write(t.astype("<f4").tobytes())
            expected_index.append(dict(name=key, shape=list(t.shape), offset=offset))
            offset += t.size

    with open(os.path.join(folder, "model.json"), "w") as f:
        json.dump(dict(config=cfg, tokens=ids, weights=index, expected=expected_index,
                       steer_hook=steer_hook), f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{name}: {len(weights)} tensors, logits {expected['logits'].shape}, "
          f"|logits| max {np.abs(expected['logits']).max():.3f}")


if __name__ == "__main__":
    for model_name, model_spec in MODELS.items():
        write_model(model_name, model_spec)
