#!/usr/bin/env bash
# The main job on shipped defaults: build and install cryptoshim, run an
# unchanged legacy pyOpenSSL script under the drop-in with deprecation
# warnings visible, and print the telemetry migration report it produced.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
out="build/demo"
mkdir -p "$out"
rm -f "$out/telemetry.json"
echo "=== running examples/legacy_pyopenssl_app.py under cryptoshim"
(cd examples && env -u PYTHONPATH -u CRYPTOSHIM_CORE_DIR \
  CRYPTOSHIM_TELEMETRY="../$out/telemetry.json" \
  ../.venv/bin/python -W default::DeprecationWarning legacy_pyopenssl_app.py)
echo
echo "=== python -m cryptoshim telemetry report $out/telemetry.json"
.venv/bin/python -m cryptoshim telemetry report "$out/telemetry.json"

echo
echo "=== python -m cryptoshim survey run (shipped default corpus)"
rm -rf "$out/survey"
.venv/bin/python -m cryptoshim survey --work "$out/survey" --no-progress run \
  --corpus survey/default_corpus/corpus.toml --telemetry "$out/telemetry.json"
echo "survey report: $out/survey/report.html (and report.md, report.json)"
