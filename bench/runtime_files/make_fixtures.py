#!/usr/bin/env python3
"""Writes the GGUF test fixtures of the model runtime's checkpoint reader and their expected values.

The expected values come from the PyPI `gguf` package (`pip install gguf numpy`): files are written with
its GGUFWriter, read back with its GGUFReader and dequantised with `gguf.quants.dequantize`, so the Swift
decoders are checked against an independent implementation of llama.cpp's block formats. Output (a few
KB, committed) goes to Tests/ModelRuntimeTests/Fixtures/:

  quants.gguf       one [2, 256] tensor per type (F32 F16 BF16 Q8_0 Q4_0 Q4_1 Q4_K Q6_K), random blocks
  tiny-llama.gguf   a 1-layer Llama (d 32, 2 heads, 1 KV head, head dim 16, d_ff 32, vocab 4), mixed types,
                    Q and K permuted the way convert_hf_to_gguf.py does, tied embeddings
  *.json + *.f32    expected values: {"tensors": [{"name", "shape", "offset"}]} into little-endian F32
                    (tiny-llama: under Hugging Face names, in Hugging Face's row order)

Run: python3 bench/runtime_files/make_fixtures.py  (deterministic: fixed seed)
"""
import json
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ModelRuntimeTests", "Fixtures")
rng = np.random.default_rng(13)


def f16_bytes(values):
    return np.asarray(values, dtype=np.float16).view(np.uint8).reshape(len(values), 2)


def random_blocks(qtype, nblocks):
    """Random but well-formed blocks: finite f16 scales of moderate size, random payload bytes."""
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    payload = rng.integers(0, 256, size=(nblocks, size), dtype=np.uint8)
    scales = lambda: f16_bytes(rng.uniform(-0.05, 0.05, nblocks))
    if qtype in (T.Q8_0, T.Q4_0):
        payload[:, 0:2] = scales()
    elif qtype == T.Q4_1:
        payload[:, 0:2] = scales()
        payload[:, 2:4] = scales()
    elif qtype == T.Q4_K:
        payload[:, 0:2] = scales()
        payload[:, 2:4] = scales()
    elif qtype == T.Q6_K:
        payload[:, 208:210] = scales()
    else:
        raise ValueError(qtype)
    return payload


def stored(rows, cols, qtype):
    """(array to hand to GGUFWriter, raw_dtype) for a [rows, cols] tensor of `qtype`."""
    if qtype == T.F32:
        return rng.standard_normal((rows, cols)).astype(np.float32), None
    if qtype == T.F16:
        return rng.standard_normal((rows, cols)).astype(np.float16), None
    if qtype == T.BF16:
        values = rng.standard_normal((rows, cols)).astype(np.float32)
        return gguf.quants.quantize(values, T.BF16), T.BF16
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    nblocks = rows * cols // block
    return random_blocks(qtype, nblocks).reshape(rows, cols // block * size), qtype


def read_back(path):
    """Every tensor of `path` dequantised by gguf, as [rows, cols] float32 (PyTorch order)."""
    reader = gguf.GGUFReader(path)
    result = {}
    for tensor in reader.tensors:
        values = gguf.quants.dequantize(tensor.data, tensor.tensor_type).astype(np.float32)
        shape = [int(n) for n in reversed(tensor.shape.tolist())]
        result[tensor.name] = values.reshape(shape)
    return result


def write_expected(stem, tensors):
    manifest, blob, offset = [], [], 0
    for name, values in tensors:
        values = np.ascontiguousarray(values, dtype="<f4")
        manifest.append({"name": name, "shape": list(values.shape), "offset": offset})
        blob.append(values.tobytes())
        offset += values.size
    with open(os.path.join(OUT, stem + ".json"), "w") as f:
        json.dump({"tensors": manifest}, f, indent=1)
    with open(os.path.join(OUT, stem + ".f32"), "wb") as f:
        f.write(b"".join(blob))


def quants():
    path = os.path.join(OUT, "quants.gguf")
    writer = gguf.GGUFWriter(path, arch="llama")
    types = [T.F32, T.F16, T.BF16, T.Q8_0, T.Q4_0, T.Q4_1, T.Q4_K, T.Q6_K]
    for qtype in types:
        array, raw = stored(2, 256, qtype)
        writer.add_tensor(qtype.name.lower(), array, raw_dtype=raw)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    back = read_back(path)
    write_expected("quants", [(q.name.lower(), back[q.name.lower()]) for q in types])


def permute(weights, n_head):
    """convert_hf_to_gguf.py's LlamaModel.permute: Hugging Face row order → llama.cpp's."""
    return (weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
            .swapaxes(1, 2).reshape(weights.shape))


def tiny_llama():
    d, heads, kv, hd, ff, vocab = 32, 2, 1, 16, 32, 4
    path = os.path.join(OUT, "tiny-llama.gguf")
    writer = gguf.GGUFWriter(path, arch="llama")
    writer.add_block_count(1)
    writer.add_context_length(64)
    writer.add_embedding_length(d)
    writer.add_feed_forward_length(ff)
    writer.add_head_count(heads)
    writer.add_head_count_kv(kv)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_rope_freq_base(100000.0)
    writer.add_vocab_size(vocab)
    layout = [  # GGUF name, HF name, [rows, cols], type, heads to permute (0: none)
        ("token_embd.weight", "model.embed_tokens.weight", [vocab, d], T.Q8_0, 0),
        ("blk.0.attn_norm.weight", "model.layers.0.input_layernorm.weight", [d], T.F32, 0),
        ("blk.0.attn_q.weight", "model.layers.0.self_attn.q_proj.weight", [heads * hd, d], T.F32, heads),
        ("blk.0.attn_k.weight", "model.layers.0.self_attn.k_proj.weight", [kv * hd, d], T.Q4_1, kv),
        ("blk.0.attn_v.weight", "model.layers.0.self_attn.v_proj.weight", [kv * hd, d], T.F16, 0),
        ("blk.0.attn_output.weight", "model.layers.0.self_attn.o_proj.weight", [d, heads * hd], T.Q4_0, 0),
        ("blk.0.ffn_norm.weight", "model.layers.0.post_attention_layernorm.weight", [d], T.F32, 0),
        ("blk.0.ffn_gate.weight", "model.layers.0.mlp.gate_proj.weight", [ff, d], T.BF16, 0),
        ("blk.0.ffn_up.weight", "model.layers.0.mlp.up_proj.weight", [ff, d], T.Q8_0, 0),
        ("blk.0.ffn_down.weight", "model.layers.0.mlp.down_proj.weight", [d, ff], T.F32, 0),
        ("output_norm.weight", "model.norm.weight", [d], T.F32, 0),
    ]
    for name, _, shape, qtype, _ in layout:
        if len(shape) == 1:
            writer.add_tensor(name, rng.standard_normal(shape).astype(np.float32))
        else:
            array, raw = stored(shape[0], shape[1], qtype)
            writer.add_tensor(name, array, raw_dtype=raw)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    back = read_back(path)
    expected = []
    for name, hf, shape, _, n in layout:
        values = back[name].reshape(shape)
        if n:
            # Undo the converter's permutation (MODELS.md §1), checked here to invert `permute`.
            hf_values = values.reshape(n, shape[0] // n // 2, 2, *shape[1:]).swapaxes(1, 2).reshape(shape)
            assert np.array_equal(permute(hf_values, n), values)
            values = hf_values
        expected.append((hf, values))
    write_expected("tiny-llama", expected)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    quants()
    tiny_llama()
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, name)):7d}  {name}", file=sys.stderr)
