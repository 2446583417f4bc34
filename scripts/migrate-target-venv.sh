#!/usr/bin/env bash
# Makes build/venv-migrate-target: where `cryptoshim migrate`'s rewritten
# snippets run in the equivalence suite (compat_tests/python/test_migrate_equivalence.py):
# cryptography 43 (the rules target cryptography >= 42: not_valid_after_utc)
# and, for snippets whose object escapes and keeps the to_cryptography()
# bridge, the real pyOpenSSL 24.2.1 beside it. Fully migrated snippets run
# there with OpenSSL and M2Crypto imports blocked. Prints the interpreter path.
set -euo pipefail
cd "$(dirname "$0")/.."
# CRYPTOSHIM_REFERENCE_VENVS (scripts/test.sh: ~/.cache/cryptoshim/reference-venvs) keeps it across clones.
venv="$(realpath -m "${CRYPTOSHIM_REFERENCE_VENVS:-build}/venv-migrate-target")"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  "pyopenssl==24.2.1" "cryptography>=42,<44" >&2
echo "$venv/bin/python"
