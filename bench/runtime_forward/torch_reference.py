"""PyTorch CPU reference for `flowbench prefill` and `flowbench generate` (issue 13, Deliver 7).

Runs a Llama-family model (RMSNorm, rotate-half RoPE, grouped-query attention, SwiGLU, tied or untied
output) written directly in PyTorch from Hugging Face's modeling code, on F32 weights that flowbench
exports from the GGUF (featureflow's own decoding; a plain safetensors file read here with NumPy),
with the thread count flowbench uses:

  python3 torch_reference.py --weights W.safetensors --config config.json --threads 2 \
      --batch 16 --positions 128 --prefill-runs 3 --prompt 1,2,3 --generate 64

Prefill: every hook point captured (TransformerLens-style cache: embed, and per layer resid_pre,
attn.hook_z, attn_out, mlp_out, resid_post, each copied out) and logits for every position.
Generation: batch 1, greedy, a preallocated key/value cache, one token per step, eager attention for the
steps (SDPA for the prompt), best of 3 runs after a warm-up. Everything runs under torch.inference_mode.
Prints one JSON line: prefill seconds (best of the runs), generation tokens/s and the greedy tokens.
"""

import argparse
import json
import math
import os
import struct
import time

# OpenMP threads that wait passively (sleep) instead of spinning. On this shared 2-core machine the
# default active wait made every small parallel op (a [1, 3, 3, 30] bmm, a softmax) cost 5–25 ms, the
# spinning worker taking the core the main thread needed; batch-1 generation then ran at 0.6–3.6
# tokens/s. Set OMP_WAIT_POLICY yourself to override; the JSON records the policy used.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import torch
import torch.nn.functional as F


def read_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", f"{name}: {entry['dtype']}"
        start, end = entry["data_offsets"]
        values = np.frombuffer(data[start:end], dtype=np.float32).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(values.copy())
    return tensors


class Llama:
    def __init__(self, weights, config):
        self.w = weights
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.kv_heads = config["num_key_value_heads"]
        d = config["hidden_size"]
        self.head_dim = config.get("head_dim", d // self.heads)
        self.eps = config["rms_norm_eps"]
        theta = config.get("rope_theta", 10000.0)
        self.inv_freq = 1.0 / (theta ** (torch.arange(0, self.head_dim, 2, dtype=torch.float64) / self.head_dim))
        self.embed = weights["model.embed_tokens.weight"]
        self.head = weights.get("lm_head.weight", self.embed)

        # Cosines and sines for every position used, once (Hugging Face caches them the same way).
        angles = torch.arange(4096, dtype=torch.float64)[:, None] * self.inv_freq[None, :]
        angles = torch.cat([angles, angles], dim=-1)
        self.cos, self.sin = angles.cos().float(), angles.sin().float()

    def rope(self, start, count):
        return self.cos[start:start + count], self.sin[start:start + count]

    @staticmethod
    def rotate(x, cos, sin):
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
        return x * cos + rotated * sin

    def norm(self, x, gain):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * gain

    def forward(self, ids, cache=None, start=0, capture=None, all_logits=True):
        """ids [B, T]; cache: (keys, values) lists of [B, kvH, capacity, dh] filled up to `start`."""
        b, t = ids.shape
        x = F.embedding(ids, self.embed)
        if capture is not None:
            capture["hook_embed"] = x.clone()
        assert t == 1 or start == 0, "a multi-token call must start at position 0"
        cos, sin = self.rope(start, t)
        group = self.heads // self.kv_heads
        for l in range(self.layers):
            p = f"model.layers.{l}."
            if capture is not None:
                capture[f"blocks.{l}.hook_resid_pre"] = x.clone()
            h = self.norm(x, self.w[p + "input_layernorm.weight"])
            q = F.linear(h, self.w[p + "self_attn.q_proj.weight"]).view(b, t, self.heads, self.head_dim).transpose(1, 2)
            k = F.linear(h, self.w[p + "self_attn.k_proj.weight"]).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            v = F.linear(h, self.w[p + "self_attn.v_proj.weight"]).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            q = self.rotate(q, cos, sin)
            k = self.rotate(k, cos, sin)
            if cache is not None:
                cache[0][l][:, :, start:start + t] = k
                cache[1][l][:, :, start:start + t] = v
                k = cache[0][l][:, :, :start + t]
                v = cache[1][l][:, :, :start + t]
            if t == 1:
                # A decoding step: eager attention (Hugging Face's `eager` path) with the query heads of
                # each key/value head grouped, [b, kvH, group, dh] @ [b, kvH, dh, keys]. PyTorch's CPU
                # flash-attention kernel (what SDPA picks) spent about 5.6 ms per call on one query here,
                # more than all of a step's matrix products.
                qg = q.reshape(b, self.kv_heads, group, self.head_dim)
                scores = torch.matmul(qg, k.transpose(-1, -2)) * (self.head_dim ** -0.5)
                z = torch.matmul(torch.softmax(scores, dim=-1), v).reshape(b, t, self.heads * self.head_dim)
            else:
                k = k.repeat_interleave(group, dim=1)
                v = v.repeat_interleave(group, dim=1)
                z = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # prompts start at 0
                z = z.transpose(1, 2).reshape(b, t, self.heads * self.head_dim)
            if capture is not None:
                capture[f"blocks.{l}.attn.hook_z"] = z.clone()
            attn = F.linear(z, self.w[p + "self_attn.o_proj.weight"])
            if capture is not None:
                capture[f"blocks.{l}.hook_attn_out"] = attn.clone()
            x = x + attn
            h = self.norm(x, self.w[p + "post_attention_layernorm.weight"])
            gate = F.linear(h, self.w[p + "mlp.gate_proj.weight"])
            up = F.linear(h, self.w[p + "mlp.up_proj.weight"])
            mlp = F.linear(F.silu(gate) * up, self.w[p + "mlp.down_proj.weight"])
            if capture is not None:
                capture[f"blocks.{l}.hook_mlp_out"] = mlp.clone()
            x = x + mlp
            if capture is not None:
                capture[f"blocks.{l}.hook_resid_post"] = x.clone()
        if not all_logits:
            x = x[:, -1:]
        return F.linear(self.norm(x, self.w["model.norm.weight"]), self.head)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--positions", type=int, default=128)
    parser.add_argument("--prefill-runs", type=int, default=3)
    parser.add_argument("--prompt", default="1,2,3,4,5,6,7,8")
    parser.add_argument("--generate", type=int, default=64)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(args.config) as f:
        config = json.load(f)
    model = Llama(read_safetensors(args.weights), config)
    vocabulary = model.embed.shape[0]
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(),
              "omp_wait_policy": os.environ["OMP_WAIT_POLICY"]}
    with torch.inference_mode():
        if args.prefill_runs > 0:
            generator = torch.Generator().manual_seed(1)
            ids = torch.randint(0, vocabulary, (args.batch, args.positions), generator=generator)
            best = math.inf
            for _ in range(args.prefill_runs + 1):  # the first run warms up
                capture = {}
                start = time.perf_counter()
                logits = model.forward(ids, capture=capture)
                best = min(best, time.perf_counter() - start)
                del capture, logits
            result["prefill_seconds"] = best
            result["prefill_tokens_per_second"] = args.batch * args.positions / best
        if args.generate > 0:
            prompt = [int(token) for token in args.prompt.split(",")]
            capacity = len(prompt) + args.generate
            shape = (1, model.kv_heads, capacity, model.head_dim)
            rates = []
            for _ in range(4):  # the first run warms up
                cache = ([torch.zeros(shape) for _ in range(model.layers)],
                         [torch.zeros(shape) for _ in range(model.layers)])
                tokens = []
                start = time.perf_counter()
                logits = model.forward(torch.tensor([prompt]), cache=cache, start=0, all_logits=False)
                position = len(prompt)
                while len(tokens) < args.generate:
                    token = int(logits[0, -1].argmax())
                    tokens.append(token)
                    if len(tokens) == args.generate:
                        break
                    logits = model.forward(torch.tensor([[token]]), cache=cache, start=position, all_logits=False)
                    position += 1
                rates.append(len(tokens) / (time.perf_counter() - start))
            result["generate_tokens_per_second"] = max(rates[1:])
            result["generated"] = tokens
    print(json.dumps(result))


if __name__ == "__main__":
    main()
