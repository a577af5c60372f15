#!/bin/sh
# Steering demo hook (issue 16): runs the themes of demo/themes.json (token seeds, resolved against the
# model) with `featureflow steer`, stores the runs in the flow database and renders the site with the
# steering pages. Usage: demo/steer-demo.sh DB SAE_DIR MODEL OUT
#   DB       the flow database `featureflow build`/`match` wrote for SAE_DIR
#   SAE_DIR  the SAEs (e.g. the folder `featureflow train-saes` wrote)
#   MODEL    the GGUF file or Hugging Face folder the SAEs were trained on
#   OUT      the site folder to (re)render from DB (STEER_RENDER=0 skips the render)
# Environment: FEATUREFLOW (default .build/release/featureflow), STEER_MAX_NEW (24), STEER_SAMPLES (1),
# STEER_ARGS (extra options for `steer`, e.g. "--strengths 4 8 16 --sweep-layers 6 7").
set -eu
if [ "$#" -ne 4 ]; then
    echo "usage: $0 DB SAE_DIR MODEL OUT" >&2
    exit 2
fi
db=$1
saes=$2
model=$3
out=$4
here=$(cd "$(dirname "$0")" && pwd)
ff=${FEATUREFLOW:-.build/release/featureflow}
start=$(date +%s)
# shellcheck disable=SC2086
"$ff" steer "$model" "$saes" --db "$db" --themes "$here/themes.json" --prompts "$here/steer-prompts.txt" \
    --max-new "${STEER_MAX_NEW:-24}" --samples "${STEER_SAMPLES:-1}" --seed 0 ${STEER_ARGS:-} | tee "$db.steering.txt"
steered=$(date +%s)
if [ "${STEER_RENDER:-1}" != 0 ]; then
    "$ff" render "$db" --out "$out" --quiet
fi
end=$(date +%s)
echo "steering demo: steer $((steered - start)) s, render $((end - steered)) s; pages: $out/steering.html"
