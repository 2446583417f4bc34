#!/usr/bin/env bash
# The ASan+UBSan build (gcc) in build/asan: core, shims, Catch2 tests and both
# Python extensions, so ctest and the sanitized pytest run share one build.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRYPTOSHIM_SANITIZE=ON \
  -DCRYPTOSHIM_BUILD_PYTHON=ON -DCRYPTOSHIM_BUILD_TESTS=ON \
  -DPython_EXECUTABLE="$PWD/.venv/bin/python" > build/asan-configure.log
cmake --build build/asan -j"${CRYPTOSHIM_JOBS:-2}"
