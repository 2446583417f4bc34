#!/usr/bin/env bash
# Builds the wheelhouse dist/ (scripts/wheelhouse.sh: the cryptoshim wheel with
# the C++ core, shims and both extensions, incrementally in build/py with the
# Catch2 tests enabled, plus the pyOpenSSL and M2Crypto drop-in wheels and
# dist/constraints.txt) and installs the three wheels into ./.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
scripts/wheelhouse.sh dist -Ccmake.define.CRYPTOSHIM_BUILD_TESTS=ON
# cryptoshim first: replacing an older cryptoshim wheel that still carried
# OpenSSL/ and M2Crypto/ must not remove the drop-ins' files after they land.
.venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps dist/cryptoshim-*.whl
.venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps \
  dist/pyopenssl-*.whl dist/m2crypto-*.whl
ls dist/
