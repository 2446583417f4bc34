#!/usr/bin/env bash
# Runs the downstream matrix (compat_tests/downstream) against the built wheel:
# real dependents' own tests with the drop-in. Arguments go to the runner:
#   scripts/downstream.sh --all --compare     every dependent, both columns
#   scripts/downstream.sh --only josepy       one of them
# Without --all/--only it runs the fast ones, as CI does.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python compat_tests/downstream/run_downstream.py \
  --wheel "$(ls dist/cryptoshim-*.whl)" --json build/downstream-results.json "$@"
