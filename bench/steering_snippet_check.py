#!/usr/bin/env python3
"""Runs the Python snippet of `featureflow steer-plan --python` without PyTorch, TransformerLens or
SAELens: a tiny NumPy stand-in for the few tensor methods it uses, SAEs with random raw (non-unit)
decoder rows, and a hook_z activation shaped [batch, pos, heads, d_head]. Checks, per plan entry:

- add: the hook's output is h + scale * W_dec[i] (the raw row, reshaped to heads x d_head at hook_z);
- rescale with r = 0: the output is h - a * W_dec[i] with a the SAE's activation of the unsteered h;
- a decoder row whose norm is not the plan's `decoderNorm` is refused.

Usage: steering_snippet_check.py PLAN.json SNIPPET.py (prints one JSON line; exit 1 on a mismatch).
"""
import json
import re
import sys
import types

import numpy as np


class T(np.ndarray):
    """The torch.Tensor methods the snippet calls."""

    def flatten(self, start=0):
        start = start % self.ndim
        return self.reshape(self.shape[:start] + (-1,)).view(T)

    def norm(self):
        return np.asarray(np.linalg.norm(np.asarray(self))).view(T)

    def item(self):
        return float(np.asarray(self))

    def detach(self):
        return self


def tensor(values):
    return np.asarray(values, dtype=np.float64).view(T)


class SAE:
    """Raw rows of norm 3 + i; encode = ReLU(x @ W_enc), enough for rescale's a_i."""

    def __init__(self, width, features, seed):
        rng = np.random.default_rng(seed)
        rows = rng.standard_normal((features, width))
        rows *= (3 + np.arange(features))[:, None] / np.linalg.norm(rows, axis=1, keepdims=True)
        self.W_dec = tensor(rows)
        self.W_enc = tensor(rng.standard_normal((width, features)))

    def encode(self, x):
        return np.maximum(np.asarray(x) @ np.asarray(self.W_enc), 0).view(T)


def run(plan, snippet, heads, d_head, scale_norms=True):
    saes = {}
    width = heads * d_head
    features = 1 + max(e["feature"] for e in plan["entries"])
    for e in plan["entries"]:
        sae = saes.setdefault((e["layer"], e["site"]), SAE(width, features, e["layer"] * 7 + len(e["site"])))
        if scale_norms:  # make the stand-in's row match the plan's decoderNorm, as the real SAE would
            row = np.asarray(sae.W_dec[e["feature"]])
            sae.W_dec[e["feature"]] = tensor(row * e["decoderNorm"] / np.linalg.norm(row))
    with open("_plan.json", "w") as f:
        json.dump(plan, f)
    code = snippet.replace("raise NotImplementedError", "return SAES[(layer, site)]")
    code = re.sub(r'json\.load\(open\(".*?"\)\)', 'json.load(open("_plan.json"))', code)
    sys.modules["torch"] = types.ModuleType("torch")
    scope = {"SAES": saes, "__name__": "snippet"}
    exec(compile(code, "snippet", "exec"), scope)
    return scope, saes


def check(plan, snippet):
    heads, d_head = 4, 3
    report = {}
    for operation, strength in (("add", None), ("rescale", 0.0)):
        p = json.loads(json.dumps(plan))
        p["request"]["operation"] = operation
        if strength is not None:
            for e in p["entries"]:
                e["scale"] = strength
        p["hooks"] = {key: f"blocks.{key.split('/')[0]}.attn.hook_z" for key in p["hooks"]}
        scope, saes = run(p, snippet, heads, d_head)
        rng = np.random.default_rng(1)
        worst = 0.0
        for name, rows in scope["hooks"].items():
            h = tensor(rng.standard_normal((2, 5, heads, d_head)))
            hook = types.SimpleNamespace(name=name)
            out = np.asarray(scope["steer"](h, hook, rows))
            assert out.shape == h.shape, (out.shape, h.shape)
            expected = np.asarray(h).reshape(2, 5, -1).copy()
            for _, scale, sae, feature in rows:
                row = np.asarray(sae.W_dec[feature])  # the SAE's raw row, not whatever the snippet made of it
                if operation == "add":
                    expected += scale * row
                else:
                    a = np.asarray(sae.encode(np.asarray(h).reshape(2, 5, -1)))[..., feature : feature + 1]
                    expected += (scale - 1.0) * a * row
            worst = max(worst, float(np.abs(out.reshape(2, 5, -1) - expected).max()))
        report[operation] = worst
    try:
        run(plan, snippet, heads, d_head, scale_norms=False)
        report["refusesWrongNorm"] = False
    except ValueError:
        report["refusesWrongNorm"] = True
    return report


def main():
    plan = json.load(open(sys.argv[1]))
    plan = plan.get("steering", plan)
    snippet = open(sys.argv[2]).read()
    report = check(plan, snippet)
    print(json.dumps(report, sort_keys=True))
    ok = report["add"] < 1e-12 and report["rescale"] < 1e-12 and report["refusesWrongNorm"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
