#!/usr/bin/env bash
# Builds the cryptoshim wheel (C++ core, shims, pybind11 module, Python
# packages) with scikit-build-core, incrementally in build/py, with the Catch2
# tests enabled, and installs it into ./.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
.venv/bin/python -m pip wheel -q --no-build-isolation --no-deps -w dist \
  -Ccmake.define.CRYPTOSHIM_BUILD_TESTS=ON .
.venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps dist/cryptoshim-*.whl
ls dist/
