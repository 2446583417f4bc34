#!/usr/bin/env bash
# The main job on shipped defaults: build the wheelhouse, install an unchanged
# legacy pyOpenSSL application into a fresh venv the way a user would (its own
# requirements.txt, resolved against the drop-in by dist/constraints.txt), run
# it with deprecation warnings visible, and print the telemetry migration
# report it produced.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
out="build/demo"
mkdir -p "$out"
rm -f "$out/telemetry.json"
echo "=== installing examples/requirements.txt into a fresh venv with dist/constraints.txt"
rm -rf "$out/venv"
.venv/bin/python -m venv "$out/venv"
env -u PYTHONPATH -u CRYPTOSHIM_CORE_DIR "$out/venv/bin/pip" install -q --disable-pip-version-check \
  --find-links dist -c dist/constraints.txt -r examples/requirements.txt
env -u PYTHONPATH -u CRYPTOSHIM_CORE_DIR "$out/venv/bin/python" -m cryptoshim doctor
echo
echo "=== running examples/legacy_pyopenssl_app.py under cryptoshim"
(cd examples && env -u PYTHONPATH -u CRYPTOSHIM_CORE_DIR \
  CRYPTOSHIM_TELEMETRY="../$out/telemetry.json" \
  "../$out/venv/bin/python" -W default::DeprecationWarning legacy_pyopenssl_app.py)
echo
echo "=== python -m cryptoshim telemetry report $out/telemetry.json"
"$out/venv/bin/python" -m cryptoshim telemetry report "$out/telemetry.json"

echo
echo "=== python -m cryptoshim survey run (shipped default corpus)"
rm -rf "$out/survey"
.venv/bin/python -m cryptoshim survey --work "$out/survey" --no-progress run \
  --corpus survey/default_corpus/corpus.toml --telemetry "$out/telemetry.json"
echo "survey report: $out/survey/report.html (and report.md, report.json)"
