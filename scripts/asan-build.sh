#!/usr/bin/env bash
# The one sanitized build (clang, ASan+UBSan) in build/asan: core, shims,
# Catch2 tests, both Python extensions and the libFuzzer targets, so ctest,
# the sanitized pytest (scripts/test-asan-python.sh) and the fuzz smoke run
# (fuzz/run_fuzzers.sh) share one compilation of everything. The core and
# shims carry libFuzzer's coverage instrumentation (-fsanitize=fuzzer-no-link)
# for the fuzzers' sake; the other binaries get its no-op callbacks from the
# ASan runtime. ccache (CMakeLists.txt) makes a rebuild of unchanged code quick.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
# A build/asan configured by the older gcc script cannot switch compilers in place.
if [ -f build/asan/CMakeCache.txt ] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++' build/asan/CMakeCache.txt; then
  rm -rf build/asan
fi
cmake -S . -B build/asan -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRYPTOSHIM_SANITIZE=ON -DCRYPTOSHIM_FUZZ=ON \
  -DCRYPTOSHIM_BUILD_PYTHON=ON -DCRYPTOSHIM_BUILD_TESTS=ON \
  -DPython_EXECUTABLE="$PWD/.venv/bin/python" > build/asan-configure.log
cmake --build build/asan -j"${CRYPTOSHIM_JOBS:-2}"
