#!/usr/bin/env bash
# Makes build/venv-real-pyopenssl: the REAL pyOpenSSL 23.0.0 (with a
# cryptography it supports), for differential tests and benchmarks. Never
# mixed with cryptoshim. Prints the interpreter path.
set -euo pipefail
cd "$(dirname "$0")/.."
# CRYPTOSHIM_REFERENCE_VENVS (scripts/test.sh: ~/.cache/cryptoshim/reference-venvs) keeps it across clones.
venv="$(realpath -m "${CRYPTOSHIM_REFERENCE_VENVS:-build}/venv-real-pyopenssl")"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  "pyopenssl==23.0.0" "cryptography>=38,<40" >&2
echo "$venv/bin/python"
