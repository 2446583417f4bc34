#!/usr/bin/env bash
# The configured linters, run as CI runs them (scripts/test.sh calls this after
# the build): clang-format on every tracked C/C++ file, ruff (check and format)
# and mypy on the Python packages that are clean so far, and the _core stubs
# against the installed build. The drop-ins (legacy_api/) are not yet under
# ruff/mypy: issue 14 lists what remains.
set -euo pipefail
cd "$(dirname "$0")/.."
PY_CLEAN=(bindings/python/cryptoshim survey)

echo "--- core/ names no legacy library (README: the core knows nothing of legacy APIs)"
# Anything shaped by pyOpenSSL or M2Crypto belongs in shims/ or the bindings.
if git grep --untracked -nIiE 'pyopenssl|m2crypto|\bm2\.[a-z]' -- core/; then
  echo "core/ names a legacy library above: move that part to shims/" >&2
  exit 1
fi

echo "--- clang-format (.clang-format)"
git ls-files '*.cc' '*.h' '*.cpp' | xargs clang-format --dry-run --Werror
echo "--- clang-tidy (.clang-tidy) on core/src, with build/py/compile_commands.json"
if [ ! -f build/py/compile_commands.json ]; then
  echo "build/py/compile_commands.json is missing: run scripts/build.sh first" >&2
  exit 1
fi
# Eight files per process, two processes (the CI machine has two cores); any
# finding is an error (WarningsAsErrors) and fails xargs.
git ls-files 'core/src/*.cc' |
  xargs -P"${CRYPTOSHIM_JOBS:-2}" -n 8 clang-tidy -p build/py --quiet 2> /dev/null
echo "--- ruff check / ruff format --check (pyproject.toml [tool.ruff])"
.venv/bin/ruff check "${PY_CLEAN[@]}"
.venv/bin/ruff format --check "${PY_CLEAN[@]}"
echo "--- mypy (pyproject.toml [tool.mypy])"
(cd bindings/python && ../../.venv/bin/mypy --config-file ../../pyproject.toml cryptoshim)
echo "--- cryptoshim._core stubs"
scripts/gen_stubs.sh --check
