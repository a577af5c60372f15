#!/usr/bin/env bash
# The full-scale evidence measurement of issue 15 (docs/evidence.md, "Full scale"):
# 90 TopK SAEs of width 4608 on SmolLM2-135M-Instruct (resid_post, mlp_out, attn_out of its 30 layers),
# matched, then `featureflow evidence` over N tokens, printing the split (model / encoding / statistics /
# contexts and writing / deactivation / setup) in wall and CPU seconds, CPU ms per counted token, the totals
# of /usr/bin/time (user + sys) and the peak RSS. Run it under `nice -n 19` on a shared machine; on an
# idle one the wall column is the figure of issue 15 (≤ 20 min at 100,000 tokens).
#
#   bench/evidence_fullscale.sh [TOKENS] [WORK] [EXTRA EVIDENCE OPTIONS…]
#       default 100000 tokens, WORK=/tmp/evidence-fullscale; e.g. `… 10000 /tmp/ef --deactivation-texts 2`
#
# The SAEs are trained by `featureflow train-saes` with a tiny budget (4,096 tokens, one step per 4,096):
# real TopK SAEs (k 32, unit decoder rows, SAELens folders), loadable and exactly k-sparse like any other,
# only poorly trained (FVE is low); the evidence step's cost does not depend on how well they are trained.
# Steps already done (SAEs, matches) are reused from WORK. Set FEATUREFLOW to another binary if needed.
set -euo pipefail
TOKENS=${1:-100000}
WORK=${2:-/tmp/evidence-fullscale}
shift $(( $# < 2 ? $# : 2 ))
BIN=${FEATUREFLOW:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/featureflow}
MODEL=${MODEL:-/work/cache/SmolLM2-135M-Instruct.Q4_1.gguf}
TEXT=${TEXT:-/tmp/corpus/train.txt}
HELDOUT=${HELDOUT:-/tmp/corpus/heldout.txt}
mkdir -p "$WORK"
cd "$WORK"  # the database records the SAE folders relative to here
WORK=.
echo "load before: $(uptime)"

if [ ! -f "$WORK/saes/training.json" ]; then
  /usr/bin/time -v "$BIN" train-saes "$MODEL" --text "$HELDOUT" --heldout "$HELDOUT" --out "$WORK/saes" \
    --hooks all --width 4608 --k 32 --tokens 4096 --heldout-tokens 512 --batch-tokens 4096 --quiet \
    2> "$WORK/train.time"
  grep -E "Elapsed|Maximum resident" "$WORK/train.time" | sed 's/^/train-saes: /'
fi
if [ ! -f "$WORK/flow.sqlite" ]; then
  /usr/bin/time -v "$BIN" match "$WORK/saes" --db "$WORK/flow.sqlite.part" > "$WORK/match.log" 2> "$WORK/match.time"
  mv "$WORK/flow.sqlite.part" "$WORK/flow.sqlite"
  grep -E "Elapsed|Maximum resident" "$WORK/match.time" | sed 's/^/match: /'
fi
SAES=$(sqlite3 "$WORK/flow.sqlite" "SELECT count(*) || ' SAEs, widths ' || min(d_sae) || '-' || max(d_sae) || ', ' || group_concat(DISTINCT architecture) FROM sae" 2>/dev/null || echo "?")
echo "SAE set: $SAES"

# Every run is a new evidence run (another --tokens is another key); copy the database so reruns start clean.
cp "$WORK/flow.sqlite" "$WORK/evidence-$TOKENS.sqlite"
/usr/bin/time -v "$BIN" evidence "$WORK/evidence-$TOKENS.sqlite" --model "$MODEL" --text "$TEXT" \
  --tokens "$TOKENS" "$@" 2> "$WORK/evidence-$TOKENS.err" | tee "$WORK/evidence-$TOKENS.log"
tr '\r' '\n' < "$WORK/evidence-$TOKENS.err" | grep -E "Elapsed|Maximum resident|User time|System time|Percent" \
  | sed "s/^/evidence $TOKENS tokens: /"
# The split: the command's own per-phase wall and CPU seconds, the rest of the process (loading and checking
# the SAEs, tokenising, opening the model) as "setup", against /usr/bin/time's totals.
tr '\r' '\n' < "$WORK/evidence-$TOKENS.err" | awk '
  /evidence run [0-9]+:/ { line = $0 }
  /User time/ { user = $NF } /System time/ { sys = $NF }
  /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
  /Maximum resident/ { rss = $NF }
  END {
    if (line == "") { print "no evidence summary line (failed or reused run)"; exit }
    match(line, /[0-9]+ tokens in/); tokens = substr(line, RSTART, RLENGTH - 10) + 0
    split("model|encoding|statistics|contexts and writing|deactivation", names, "|")
    printf "%-22s %10s %10s %14s\n", "phase (" tokens " tokens)", "wall s", "CPU s", "CPU ms/token"
    sw = 0; sc = 0
    for (i = 1; i <= 5; i++) {
      if (match(line, names[i] " [0-9.]+ / [0-9.]+")) {
        split(substr(line, RSTART + length(names[i]) + 1, RLENGTH - length(names[i]) - 1), v, " / ")
        printf "%-22s %10.1f %10.1f %14.3f\n", names[i], v[1], v[2], 1000 * v[2] / tokens; sw += v[1]; sc += v[2]
        cpu[i] = v[2]
      }
    }
    printf "%-22s %10.1f %10.1f\n", "setup and rest", wall - sw, user + sys - sc
    printf "%-22s %10.1f %10.1f   (user %.1f + sys %.1f)\n", "total (time -v)", wall, user + sys, user, sys
    printf "peak RSS %.2f GB\n", rss * 1024 / 1e9
    if (match(line, /\([0-9]+ events\)/)) print "deactivation " substr(line, RSTART, RLENGTH)
    if (tokens < 100000) {
      # Model, encoding and statistics scale with the tokens; writing (near its row ceiling from ~10k tokens
      # on), deactivation (a fixed sample) and setup are taken as they are.
      f = 100000 / tokens; scaled = (cpu[1] + cpu[2] + cpu[3]) * f
      fixed = cpu[4] + cpu[5] + (user + sys - sc)
      printf "extrapolated to 100,000 tokens: %.0f CPU s (model %.0f, encoding %.0f, statistics %.0f, rest %.0f); ", \
        scaled + fixed, cpu[1] * f, cpu[2] * f, cpu[3] * f, fixed
      printf "idle 2-core wall if those three use both cores: %.1f min\n", (scaled / 2 + fixed) / 60
    }
  }'
ls -l "$WORK/evidence-$TOKENS.sqlite" | awk '{print "database bytes: " $5}'
echo "load after: $(uptime)"
