#!/usr/bin/env bash
# The configured linters, run as CI runs them (scripts/test.sh calls this after
# the build): core/ free of legacy library names, clang-format on every
# tracked C/C++ file, clang-tidy on the core, ruff check and mypy on every
# Python package (cryptoshim, the survey, the drop-ins in legacy_api/), ruff
# format on cryptoshim and the survey, and the _core stubs against the
# installed build. The drop-ins are not run through ruff format: much of them
# is upstream's code in upstream's layout, kept so it diffs against
# M2Crypto/pyOpenSSL.
set -euo pipefail
cd "$(dirname "$0")/.."
PY_FORMATTED=(bindings/python/cryptoshim survey)
PY_ALL=("${PY_FORMATTED[@]}" legacy_api)

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
# clang-tidy spends ~5 s of CPU per file parsing OpenSSL's headers, so a file
# that passed is remembered (like ccache) under a key of its own text, every
# core header, .clang-tidy and the clang-tidy version; only the others run, two
# processes at a time. Any finding is an error (WarningsAsErrors) and fails xargs.
tidy_cache="${CRYPTOSHIM_TIDY_CACHE:-$HOME/.cache/cryptoshim-clang-tidy}"
mkdir -p "$tidy_cache"
tidy_base="$( (clang-tidy --version; cat .clang-tidy core/include/cryptoshim/*.h core/src/*.h) | sha256sum | cut -c1-16)"
tidy_key() { echo "$tidy_cache/$tidy_base-$(sha256sum < "$1" | cut -c1-16)"; }
tidy_all=() tidy_todo=()
while IFS= read -r f; do
  tidy_all+=("$f")
  [ -e "$(tidy_key "$f")" ] || tidy_todo+=("$f")
done < <(git ls-files 'core/src/*.cc')
if [ ${#tidy_todo[@]} -gt 0 ]; then
  printf '%s\n' "${tidy_todo[@]}" |
    xargs -P"${CRYPTOSHIM_JOBS:-2}" -n 8 clang-tidy -p build/py --quiet 2> /dev/null
  for f in "${tidy_todo[@]}"; do touch "$(tidy_key "$f")"; done
fi
echo "clang-tidy clean: ${#tidy_todo[@]} of ${#tidy_all[@]} files checked now, the rest unchanged since"
echo "--- ruff check / ruff format --check (pyproject.toml [tool.ruff])"
.venv/bin/ruff check "${PY_ALL[@]}"
.venv/bin/ruff format --check "${PY_FORMATTED[@]}"
echo "--- mypy (pyproject.toml [tool.mypy])"
(cd bindings/python && ../../.venv/bin/mypy --config-file ../../pyproject.toml cryptoshim)
.venv/bin/mypy --config-file pyproject.toml survey/cryptoshim_survey
# From legacy_api/, so the drop-ins are the top-level OpenSSL and M2Crypto.
(cd legacy_api && ../.venv/bin/mypy --config-file ../pyproject.toml OpenSSL M2Crypto)
echo "--- cryptoshim._core stubs"
scripts/gen_stubs.sh --check
