#!/usr/bin/env bash
# Builds the three wheels into DIR from this tree with one C++ build:
#   cryptoshim  the core, both extensions (cryptoshim._core, the SWIG _m2),
#               the cryptoshim package and the survey (scikit-build-core,
#               incremental in build/py);
#   pyOpenSSL   26.4.0+cryptoshim.N, only the OpenSSL package (pure Python);
#   M2Crypto    0.51.0+cryptoshim.N, only the M2Crypto package (pure Python);
# and DIR/constraints.txt, the pins that make pip pick them
# (README: "Use it in your application").
# Usage: scripts/wheelhouse.sh DIR [extra `pip wheel` arguments for the C++ build]
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 DIR [pip wheel arguments]" >&2
  exit 2
fi
mkdir -p "$1"
out="$(cd "$1" && pwd)"
shift
cd "$(dirname "$0")/.."
rm -f "$out"/cryptoshim-*.whl
.venv/bin/python -m pip wheel -q --disable-pip-version-check --no-build-isolation --no-deps \
  -w "$out" "$@" .
.venv/bin/python scripts/build_dropins.py "$out"
