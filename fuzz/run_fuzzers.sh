#!/usr/bin/env bash
# Builds the libFuzzer targets with clang under ASan+UBSan and runs each for
# N seconds (default 60) from seeds made out of the shared test data.
# Crashes are saved under build/fuzz-artifacts/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRYPTOSHIM_FUZZ=ON -DCRYPTOSHIM_SANITIZE=ON \
  -DCRYPTOSHIM_BUILD_PYTHON=OFF > build/fuzz-configure.log
cmake --build build/fuzz -j"${CRYPTOSHIM_JOBS:-2}"
mkdir -p build/fuzz-corpus build/fuzz-artifacts
python3 fuzz/make_seeds.py build/fuzz-corpus
status=0
for target in build/fuzz/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name="$(basename "$target")"
  mkdir -p "build/fuzz-corpus/$name"
  echo "--- $name for ${seconds}s"
  if ! "$target" -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="build/fuzz-artifacts/$name-" "build/fuzz-corpus/$name" \
      > "build/fuzz-$name.log" 2>&1; then
    echo "CRASH in $name: see build/fuzz-$name.log"; status=1
  fi
  grep -E "stat::number_of_executed_units|cov:" "build/fuzz-$name.log" | tail -2 || true
done
exit $status
