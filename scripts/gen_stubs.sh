#!/usr/bin/env bash
# Regenerates the type stubs of the native module cryptoshim._core
# (bindings/python/cryptoshim/_core/*.pyi) from the build installed in
# ./.venv, with pybind11-stubgen. `--check` regenerates into a scratch
# directory and fails when the checked-in stubs differ (CI runs that).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# From a neutral directory, so the installed wheel is what gets imported.
(cd "$out" && "$OLDPWD/.venv/bin/python" -m pybind11_stubgen cryptoshim._core -o "$out" \
   --ignore-invalid-expressions 'cryptoshim::.*' --exit-code > "$out/log" 2>&1) || {
  cat "$out/log"; exit 1; }
target=bindings/python/cryptoshim/_core
if [ "${1:-}" = --check ]; then
  if ! diff -ru "$target" "$out/cryptoshim/_core"; then
    echo "cryptoshim._core stubs are stale: run scripts/gen_stubs.sh and commit the result" >&2
    exit 1
  fi
  echo "cryptoshim._core stubs match the build"
else
  rm -rf "$target"
  cp -r "$out/cryptoshim/_core" "$target"
  echo "wrote $target"
fi
