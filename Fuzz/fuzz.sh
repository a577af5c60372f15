#!/usr/bin/env bash
# Builds the libFuzzer harness (Fuzz/Targets) against the FlowCore modules compiled with coverage and
# AddressSanitizer, writes a seed corpus from the test fixtures, runs every target for FUZZ_SECONDS and
# prints executions per target. Exits non-zero when any target finds a crash, a hang, a leak or an
# allocation above the limit. Everything it writes lives under .build/ (never committed).
#
#   FUZZ_SECONDS=60 FUZZ_TARGETS="safetensors npy" Fuzz/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SWIFTC=${SWIFTC:-swiftc}
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-safetensors npy npz config manifest labels gguf tokenizer hfconfig torch pickle}
BUILD=.build/fuzz
MODULES=$BUILD/release
BIN=$BUILD/bin
CORPUS=.build/fuzz-corpus
FINDINGS=.build/fuzz-findings
LOGS=$BUILD/logs

echo "[1/4] modules with -sanitize=fuzzer,address (release)"
"$SWIFT" build -c release --build-path "$BUILD" --target ModelRuntime \
  -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address

echo "[2/4] harness"
mkdir -p "$BIN" "$LOGS" "$FINDINGS"
objects=$(find "$MODULES"/{ModelRuntime,FlowCore,FlowDiagnostics,CanonicalOutput,Codecs,LinearAlgebra,CVectorKernels,SQLiteSupport,Yams,CYaml}.build -name '*.o' | sort)
maps=()
for map in Sources/{CZlib,CCrypto,CSQLite,COpenBLAS}/module.modulemap "$MODULES"/CVectorKernels.build/module.modulemap \
  "$BUILD"/checkouts/Yams/Sources/CYaml/include/module.modulemap; do
  maps+=(-Xcc "-fmodule-map-file=$map")
done
cflags=()
for flag in $(pkg-config --cflags openblas sqlite3 zlib libcrypto); do cflags+=(-Xcc "$flag"); done
# shellcheck disable=SC2086
"$SWIFTC" -O -sanitize=fuzzer,address -parse-as-library -module-name FuzzHarness \
  Fuzz/Targets/*.swift Tests/FlowCoreTests/Support/FixtureWriter.swift Tests/FlowCoreTests/Support/TorchFixtureWriter.swift \
  -I "$MODULES/Modules" "${maps[@]}" "${cflags[@]}" $objects \
  $(pkg-config --libs-only-L openblas | sed 's/-L/-L /') -lopenblas -lsqlite3 -lz -lcrypto \
  -o "$BIN/featureflow-fuzz" 2> >(grep -v "Cannot export local symbol" >&2)

echo "[3/4] seed corpus"
"$SWIFTC" -O Fuzz/Seeds/main.swift Tests/FlowCoreTests/Support/FixtureWriter.swift Tests/FlowCoreTests/Support/TorchFixtureWriter.swift -o "$BIN/fuzz-seeds"
"$BIN/fuzz-seeds" "$CORPUS"
# The model runtime's readers start from its committed test fixtures (GGUF files, tokenizer.json files).
mkdir -p "$CORPUS/gguf" "$CORPUS/tokenizer" "$CORPUS/hfconfig"
printf '%s' '{"model_type": "llama", "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1, "vocab_size": 6, "rms_norm_eps": 1e-05, "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 64}}' >"$CORPUS/hfconfig/seed-llama.json"
cp Tests/ModelRuntimeTests/Fixtures/*.gguf Tests/ModelRuntimeTests/Fixtures/tokenizers/*.gguf "$CORPUS/gguf/"
for kind in bytelevel llama3 sentencepiece; do
  cp "Tests/ModelRuntimeTests/Fixtures/tokenizers/$kind/tokenizer.json" "$CORPUS/tokenizer/seed-$kind.json"
done

echo "[4/4] fuzzing ${SECONDS_EACH}s per target"
# Targets that read files write each input to a scratch folder: use RAM (tmpfs) when there is one, since a
# small write costs milliseconds on this machine's disk and microseconds on /dev/shm.
export TMPDIR
if [ -d /dev/shm ] && [ -w /dev/shm ]; then TMPDIR=/dev/shm/featureflow-fuzz-$$; else TMPDIR=$(pwd)/$BUILD/tmp; fi
failed=()
summary=()
for target in $TARGETS; do
  rm -rf "$TMPDIR" && mkdir -p "$TMPDIR" "$CORPUS/$target"
  log="$LOGS/$target.log"
  status=0
  FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
    "$BIN/featureflow-fuzz" \
    "$CORPUS/$target" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$FINDINGS/$target-" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(find "$CORPUS/$target" -type f | wc -l)
  line=$(printf '%-12s %10s executions  %5s corpus files  %s' "$target" "${runs:-?}" "$corpus" \
    "$([ $status -eq 0 ] && echo ok || echo "FINDING (exit $status, see $log)")")
  echo "$line"
  summary+=("$line")
  [ $status -eq 0 ] || failed+=("$target")
done
rm -rf "$TMPDIR"

echo
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz findings in: ${failed[*]} (inputs under $FINDINGS/)" >&2
  for target in "${failed[@]}"; do grep -E "ERROR|SUMMARY|Fatal error|==[0-9]+==" "$LOGS/$target.log" | head -5 >&2; done
  exit 1
fi
