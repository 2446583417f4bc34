#!/usr/bin/env bash
# Long fuzzing campaign: runs the given targets (default: all built ones) for
# SECONDS each (default 1800), at most two at a time, under nice -n 19, with
# persistent corpora in build/fuzz-corpus/<target> (never committed).
# Binaries are copied first so a rebuild cannot swap them mid-run.
# Usage: fuzz/long_run.sh [seconds] [target...]; logs in build/fuzz-long/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-1800}"; shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for t in build/asan/fuzz/fuzz_*; do [ -x "$t" ] && targets+=("$(basename "$t")"); done
fi
mkdir -p build/fuzz-long/bin build/fuzz-artifacts
for t in "${targets[@]}"; do
  cp "build/asan/fuzz/$t" "build/fuzz-long/bin/$t"
  mkdir -p "build/fuzz-corpus/$t"
done
run_one() {
  local t="$1" seconds="$2"
  echo "$(date -u +%FT%TZ) start $t" >> build/fuzz-long/schedule.log
  # With autogroup scheduling (Debian's default) nice only ranks processes
  # within one session, so the fuzzer gets a session of its own whose group
  # is niced too; otherwise it would take a full share from other sessions.
  local rc=0
  setsid -w bash -c 'echo 19 > /proc/self/autogroup 2>/dev/null; exec nice -n 19 "$@"' _ \
    "build/fuzz-long/bin/$t" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="build/fuzz-artifacts/$t-" \
    "build/fuzz-corpus/$t" > "build/fuzz-long/$t.log" 2>&1 || rc=$?
  echo "$(date -u +%FT%TZ) end $t rc=$rc" >> build/fuzz-long/schedule.log
}
export -f run_one
printf '%s\n' "${targets[@]}" | xargs -P2 -I{} bash -c "run_one {} $seconds || true"
