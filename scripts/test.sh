#!/usr/bin/env bash
# Runs every test: lint, Catch2 (ctest), x509-limbo, the sanitized build
# (ctest, fuzz smoke, pytest), the pytest suite, the leak check, the
# benchmarks, the drop-in distributions' install check, the upstream pyOpenSSL
# and M2Crypto suites and the downstream matrix's fast dependents.
#
# After the build, three lanes run at once (scripts/ci_lanes.sh): most steps are
# one Python process or pip waiting on the disk, so on this 2-core machine
# running them side by side halves the wall time. Each lane's output goes to
# build/ci-lanes/<lane>.log and is printed whole when all lanes are done;
# the step table at the end lists every step's time per lane and the total.
#   CRYPTOSHIM_CI_SERIAL=1       run the lanes one after another (debugging)
#   CRYPTOSHIM_SKIP_UPSTREAM=1   skip the distributions, upstream and downstream
#   CRYPTOSHIM_SKIP_DOWNSTREAM=1 skip only the downstream matrix
#   CRYPTOSHIM_SKIP_DISTS=1      skip only the install check
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ci_lanes.sh

step "install dependencies and build the wheel"
scripts/install-deps.sh
scripts/build.sh

step "reference venvs: real pyOpenSSL 23.0.0 (wheel and same OpenSSL build), real M2Crypto 0.51.0, migrate target"
# Made once per machine under ~/.cache/cryptoshim/reference-venvs (they hold no
# cryptoshim code) and shared by the differential tests, ASan pytest and the benchmarks.
export CRYPTOSHIM_REFERENCE_VENVS="${CRYPTOSHIM_REFERENCE_VENVS:-$HOME/.cache/cryptoshim/reference-venvs}"
export CRYPTOSHIM_REAL_PYOPENSSL_PYTHON="$(scripts/real-pyopenssl-venv.sh)"
export CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON="$(scripts/real-pyopenssl-samebuild-venv.sh)"
export CRYPTOSHIM_REAL_M2CRYPTO_PYTHON="$(scripts/real-m2crypto-venv.sh)"
# cryptography 43 (+ the real pyOpenSSL 24.2.1 for bridged snippets): where
# test_migrate_equivalence.py runs the code `cryptoshim migrate` rewrote.
export CRYPTOSHIM_MIGRATE_TARGET_PYTHON="$(scripts/migrate-target-venv.sh)"

lane_sanitizers() {
  step "Catch2 under ASan+UBSan"
  # One sanitized build (clang) serves this step, the fuzz smoke and the sanitized pytest below.
  scripts/asan-build.sh
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure

  step "libFuzzer smoke run (${CRYPTOSHIM_FUZZ_SECONDS:-20}s per target, ASan+UBSan)"
  if [ "${CRYPTOSHIM_FUZZ_SECONDS:-20}" != 0 ]; then
    fuzz/run_fuzzers.sh "${CRYPTOSHIM_FUZZ_SECONDS:-20}"
  fi

  step "pytest under ASan+UBSan (sanitized extensions, preloaded runtime)"
  # CI runs the bad-input, thread-stress, KDF-cap/GIL, pyOpenSSL X.509/key/store, TLS buffer
  # (write bounds, two-thread connection) and digest-policy files;
  # the whole suite (several minutes more) with CRYPTOSHIM_ASAN_PYTEST_ALL=1.
  if [ "${CRYPTOSHIM_ASAN_PYTEST_ALL:-0}" = 1 ]; then
    scripts/test-asan-python.sh
  else
    CRYPTOSHIM_ASAN_PYTEST_ARGS="test_bad_input_hypothesis.py test_thread_stress.py test_kdf_cost_limits.py test_x509.py test_pkey.py test_store.py test_tls_buffers.py test_one_digest_policy.py" \
      scripts/test-asan-python.sh
  fi
}

lane_python() {
  step "lint: legacy-free core, clang-format, clang-tidy, ruff, mypy, _core stubs (scripts/lint.sh)"
  scripts/lint.sh

  step "Catch2 (ctest)"
  ctest --test-dir build/py --output-on-failure

  step "x509-limbo (WebPKI verifier; fails on any unexpected success or HANG)"
  # Also part of ctest above (limbo_webpki); run here for the visible table.
  # CRYPTOSHIM_LIMBO_JSON overrides the suite; absent suite = skip (exit 77).
  python3 compat_tests/limbo/score_limbo.py --harness build/py/compat_tests/limbo/limbo_harness \
    --expectations compat_tests/limbo/limbo_expectations.json \
    --default-suite ../shared/data/x509-limbo/limbo.json || [ $? = 77 ]

  step "pytest"
  # Run from a neutral directory so the installed wheel, not the source tree, is tested.
  (cd compat_tests/python && env -u PYTHONPATH -u CRYPTOSHIM_CORE_DIR \
    ../../.venv/bin/python -m pytest -q -p no:cacheprovider .)

  step "survey gaps on the committed report (nothing outside survey/cryptoshim_survey/gaps_allowlist.toml)"
  local gaps_out
  gaps_out="$(.venv/bin/python -m cryptoshim survey gaps survey/reports/report.json)" || {
    printf '%s\n' "$gaps_out"; return 1; }
  [ -z "$gaps_out" ] || { printf '%s\n' "$gaps_out"; return 1; }

  step "leak check (${CRYPTOSHIM_LEAK_ITERATIONS:-10000} iterations per workload; 100000 for the full check)"
  (cd compat_tests/leak && env -u PYTHONPATH -u CRYPTOSHIM_CORE_DIR \
    ../../.venv/bin/python leak_check.py --iterations "${CRYPTOSHIM_LEAK_ITERATIONS:-10000}")

  step "benchmarks against the real libraries (printed, not gating: the lanes share the 2 cores)"
  # One short run of every row (bench/run_bench.py --all --check on an idle
  # machine is the real measurement: three alternation rounds, 0.5 s per row and side).
  env -u PYTHONPATH -u CRYPTOSHIM_CORE_DIR .venv/bin/python bench/run_bench.py --all \
    --ours-python .venv/bin/python --runs 1 --budget 0.05 --rss-certs 10000 || true
  # The RSA A/B behind the core's kept EVP contexts (bench/HISTORY.md): it
  # must build warning-free; its timings are printed, as above.
  cc -O2 -Wall -Werror -o build/rsa_pkcs1_ab bench/micro/rsa_pkcs1_ab.c -lcrypto
  build/rsa_pkcs1_ab bench/_work/fixtures/rsa2048.key 20
}

lane_suites() {
  if [ "${CRYPTOSHIM_SKIP_DISTS:-${CRYPTOSHIM_SKIP_UPSTREAM:-0}}" != 1 ]; then
    step "drop-in distributions: the README's pip install with josepy and javatools, uninstall, mixed installs"
    # Reuses the wheelhouse dist/ from scripts/build.sh (no second C++ build).
    .venv/bin/python compat_tests/dists/check_dists.py --wheelhouse dist
  fi

  if [ "${CRYPTOSHIM_SKIP_UPSTREAM:-0}" != 1 ]; then
    step "upstream suites"
    .venv/bin/python compat_tests/upstream/run_upstream.py --wheel "$(ls dist/cryptoshim-*.whl)" \
      --json build/upstream-results.json
  fi

  if [ "${CRYPTOSHIM_SKIP_DOWNSTREAM:-${CRYPTOSHIM_SKIP_UPSTREAM:-0}}" != 1 ]; then
    step "downstream: real dependents' tests against the drop-in (fast ones; floors in compat_tests/downstream/*.toml)"
    # CRYPTOSHIM_DOWNSTREAM_COMPARE=1 adds the same runs with the real library;
    # CI runs only the drop-in's rows. scripts/downstream.sh --all runs every dependent.
    # Its venvs (stamped by requirements) live beside the upstream suites' in
    # ~/.cache/cryptoshim, so a clean clone does not reinstall Twisted and co.
    export CRYPTOSHIM_DOWNSTREAM_WORK="${CRYPTOSHIM_DOWNSTREAM_WORK:-$HOME/.cache/cryptoshim/downstream}"
    local compare=()
    if [ "${CRYPTOSHIM_DOWNSTREAM_COMPARE:-0}" = 1 ]; then compare=(--compare); fi
    scripts/downstream.sh "${compare[@]}"
  fi
}

run_lanes sanitizers python suites
