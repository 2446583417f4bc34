#!/usr/bin/env bash
# Makes bench/_work/venv-real-m2crypto: the REAL M2Crypto 0.51.0, built from
# its sdist (needs swig and libssl-dev; takes a few minutes the first time),
# for benchmarks. Never mixed with cryptoshim. Prints the interpreter path.
set -euo pipefail
cd "$(dirname "$0")/.."
# CRYPTOSHIM_REFERENCE_VENVS (scripts/test.sh: ~/.cache/cryptoshim/reference-venvs) keeps it across clones.
venv="$(realpath -m "${CRYPTOSHIM_REFERENCE_VENVS:-bench/_work}/venv-real-m2crypto")"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c "import M2Crypto" 2>/dev/null; then
  nice -n 10 "$venv/bin/python" -m pip install -q --disable-pip-version-check "m2crypto==0.51.0" >&2
fi
echo "$venv/bin/python"
