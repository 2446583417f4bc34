#!/usr/bin/env bash
# The pytest suite against the pybind11 and SWIG extensions built with
# ASan+UBSan (scripts/asan-build.sh: clang, the build ctest and the fuzzers
# share), loaded from the build tree (devenv.sh: PYTHONPATH + CRYPTOSHIM_CORE_DIR).
#
# The interpreter is not instrumented, so the ASan runtime must be the first
# library in the process: LD_PRELOAD clang's shared ASan runtime, which also
# carries the UBSan handlers and the no-op coverage callbacks the
# fuzzer-instrumented core calls. detect_leaks=0 because CPython deliberately leaves
# memory to the OS at exit, which would drown real reports; leaks are the job
# of compat_tests/leak/leak_check.py. PYTHONMALLOC=malloc routes Python's
# small objects through ASan's allocator too, so an overflow into a bytes
# buffer is caught. Subprocesses the tests start inherit all of this.
#
# Excluded: the dependency-survey tests (test_survey_*.py): they exercise the
# tree-sitter/dask scanner, which loads neither extension, and the dask
# cluster is slow under the preload. Set CRYPTOSHIM_ASAN_PYTEST_ARGS to run
# something else (e.g. one file).
# Usage: scripts/test-asan-python.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/asan
scripts/asan-build.sh

preload="$(clang -print-file-name=libclang_rt.asan-x86_64.so)"
[ -e "$preload" ] || { echo "missing sanitizer runtime $preload" >&2; exit 1; }
. scripts/devenv.sh "$build"
if [ -n "${CRYPTOSHIM_ASAN_PYTEST_ARGS:-}" ]; then
  read -r -a files <<< "$CRYPTOSHIM_ASAN_PYTEST_ARGS"
else
  files=()
  for f in compat_tests/python/test_*.py; do
    # test_distributions.py checks the installed wheels' metadata, which a
    # build-tree run (no distributions, no drop-in manifests) does not have.
    case "$(basename "$f")" in test_survey_*|test_distributions.py) ;; *) files+=("$(basename "$f")") ;; esac
  done
fi
cd compat_tests/python
LD_PRELOAD="$preload" PYTHONMALLOC=malloc \
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_init_order=1:check_initialization_order=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ../../.venv/bin/python -m pytest -q -p no:cacheprovider "${files[@]}" "$@"
