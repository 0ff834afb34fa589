#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each one briefly over its
# seed corpus; fails on any crash, sanitizer report, failed check or leak.
# Usage: tests/fuzz/smoke.sh [BUILD_DIR [SECONDS]]  (default build-fuzz, 10)
# Called by deploy/test.sh after the unit and integration tests. New inputs
# found during the run go to a scratch directory, never into the committed
# corpus; a crashing input is kept as BUILD_DIR/fuzz-artifacts/<target>-crash-*.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build-fuzz}"
seconds="${2:-10}"
targets=(webhook_request_fuzz catalogue_text_fuzz schedule_text_fuzz
         dossier_codec_fuzz request_validation_fuzz)

if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOTCUA_FUZZ=ON \
    -DMOTCUA_BENCHMARKS=OFF
fi
cmake --build "$build" -j "$(nproc)" --target motcua_fuzz

artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$scratch/$t"
  log="$artifacts/$t.log"
  if "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=30 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$t-" \
      "$scratch/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    runs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    rate=$(grep -a 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
    echo "fuzz smoke: $t ok: ${runs:-?} runs, ${rate:-?} exec/s in ${seconds}s"
  else
    echo "fuzz smoke: $t FAILED (log: $log)" >&2
    grep -a -E 'check failed|runtime error|ERROR|SUMMARY|^ +#[0-9]+ ' "$log" |
      head -40 >&2 || true
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz smoke: failed: ${failed[*]}" >&2
  exit 1
fi
