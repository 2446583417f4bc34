#!/usr/bin/env bash
# The configured linters, run as CI runs them (scripts/test.sh calls this after
# the build): clang-format on every tracked C/C++ file, ruff (check and format)
# and mypy on the Python packages that are clean so far, and the _core stubs
# against the installed build. The drop-ins (legacy_api/) are not yet under
# ruff/mypy: issue 14 lists what remains.
set -euo pipefail
cd "$(dirname "$0")/.."
PY_CLEAN=(bindings/python/cryptoshim survey)

echo "--- clang-format (.clang-format)"
git ls-files '*.cc' '*.h' '*.cpp' | xargs clang-format --dry-run --Werror
echo "--- ruff check / ruff format --check (pyproject.toml [tool.ruff])"
.venv/bin/ruff check "${PY_CLEAN[@]}"
.venv/bin/ruff format --check "${PY_CLEAN[@]}"
echo "--- mypy (pyproject.toml [tool.mypy])"
(cd bindings/python && ../../.venv/bin/mypy --config-file ../../pyproject.toml cryptoshim)
echo "--- cryptoshim._core stubs"
scripts/gen_stubs.sh --check
