#!/usr/bin/env bash
# Installs everything cryptoshim needs on a fresh Debian 12/13 machine:
# system packages with apt-get, Python packages into ./.venv with pip.
set -euo pipefail
cd "$(dirname "$0")/.."

# valgrind: bench/callgrind_calls.py and callgrind_diff.py (callgrind, callgrind_annotate),
# and test_bench_callgrind_diff.py.
APT_PACKAGES=(build-essential cmake ninja-build pkg-config libssl-dev openssl swig catch2 nlohmann-json3-dev libpsl-dev publicsuffix python3-venv clang clang-format clang-tidy ccache valgrind)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# libFuzzer and the sanitizer runtimes live in compiler-rt, which clang only
# recommends; install the one matching this clang (14 on Debian 12, 19 on 13).
clang_major="$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)"
if [ -n "$clang_major" ] && ! dpkg-query -W -f='${Status}' "libclang-rt-$clang_major-dev" 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "libclang-rt-$clang_major-dev"
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -r scripts/requirements-dev.txt
