#!/usr/bin/env bash
# CI smoke run: builds the libFuzzer targets with clang under ASan+UBSan (in
# the one sanitized build, build/asan, that ctest and pytest use too),
# replays the checked-in crash reproducers (fuzz/regressions/<target>/), then
# fuzzes each target for N seconds (default 60), two targets at a time (the
# CI machine has two cores). Seeds come from the shared test data and
# generated fixtures (make_seeds.py); the corpora in build/fuzz-corpus/ persist
# between runs. Crashes are saved under build/fuzz-artifacts/ and fail the run.
# Usage: fuzz/run_fuzzers.sh [seconds-per-target]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
jobs="${CRYPTOSHIM_FUZZ_JOBS:-2}"
scripts/asan-build.sh
mkdir -p build/fuzz-corpus build/fuzz-artifacts build/fuzz-logs
python3 fuzz/make_seeds.py build/fuzz-corpus

smoke_one() {
  local name="$1" seconds="$2" log="build/fuzz-logs/$1.log"
  mkdir -p "build/fuzz-corpus/$name"
  # Every reproducer must now run clean (libFuzzer runs listed files once).
  local repro=(fuzz/regressions/"$name"/*)
  if [ -e "${repro[0]}" ] && ! "build/asan/fuzz/$name" "${repro[@]}" > "$log.replay" 2>&1; then
    echo "REGRESSION in $name: see $log.replay"; return 1
  fi
  if ! "build/asan/fuzz/$name" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="build/fuzz-artifacts/$name-" "build/fuzz-corpus/$name" > "$log" 2>&1; then
    echo "CRASH in $name: see $log"; return 1
  fi
  local execs cov
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  cov="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)"
  echo "ok $name: ${seconds}s, ${execs:-?} executions, ${cov:-no stats}"
}
export -f smoke_one

targets=()
for t in build/asan/fuzz/fuzz_*; do [ -x "$t" ] && targets+=("$(basename "$t")"); done
echo "--- ${#targets[@]} targets, ${seconds}s each, $jobs at a time"
# xargs exits 123 when any invocation failed.
printf '%s\n' "${targets[@]}" | xargs -P"$jobs" -I{} bash -c "smoke_one {} $seconds"
