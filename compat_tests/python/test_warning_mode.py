"""CRYPTOSHIM_WARNINGS=default|off|error and cryptoshim.configure(warnings=...):
a program's own warning filters (-W error, or warnings.filterwarnings("error")
set at run time) cannot make legacy calls fail under ``off``, its own warnings
stay errors, telemetry counts the same in every mode, ``error`` raises at the
caller's line, and strict still refuses unsafe operations in every mode."""
import json
import os
import pathlib
import subprocess
import sys
import textwrap
import warnings

import pytest

import cryptoshim
from cryptoshim import InsecureLegacyWarning, LegacyAPIWarning, warning_mode

MODES = ("default", "off", "error")

# The calls live in a module of their own (not __main__), as in a real
# program; each outcome is recorded so every call runs in every mode.
CALLS = textwrap.dedent("""\
    from OpenSSL import crypto
    import M2Crypto.RC4
    import M2Crypto.SSL


    def attempt(fn):
        try:
            fn()
            return "ok"
        except Exception as exc:  # noqa: BLE001
            return type(exc).__name__


    def setup():
        return M2Crypto.SSL.Context(), crypto.X509Req()


    def run(made):
        ctx, req = made
        return {
            "X509": attempt(lambda: crypto.X509()),
            "X509Req.get_version": attempt(req.get_version),
            "RC4 (unsafe)": attempt(lambda: M2Crypto.RC4.RC4(b"0123456789abcdef")),
            "M2 set_tmp_dh_callback": attempt(lambda: ctx.set_tmp_dh_callback(lambda *a: None)),
        }
""")

# The objects the calls need are made with warnings off, so every mode
# makes exactly the same legacy calls afterwards.
APP = textwrap.dedent("""\
    import json
    import sys
    import warnings

    import cryptoshim
    from cryptoshim import telemetry, warning_mode
    import calls

    mode = warning_mode.current()
    cryptoshim.configure(warnings="off")
    made = calls.setup()
    cryptoshim.configure(warnings=mode)
    if "--filter-error-at-runtime" in sys.argv:
        warnings.filterwarnings("error")
    if len(sys.argv) > 2 and sys.argv[1] == "--configure":
        cryptoshim.configure(warnings=sys.argv[2])
    telemetry.reset()
    results = calls.run(made)
    try:
        warnings.warn("the program's own warning", UserWarning)
        own = "not raised"
    except UserWarning:
        own = "raised"
    counts = {k: v["calls"] for k, v in telemetry.snapshot()["apis"].items()}
    print(json.dumps({"results": results, "own": own, "counts": counts}))
""")


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> pathlib.Path:
    d = tmp_path_factory.mktemp("warnmode")
    (d / "calls.py").write_text(CALLS)
    (d / "app.py").write_text(APP)
    return d


def env(**extra) -> dict:
    out = {k: v for k, v in os.environ.items()
           if not k.startswith(("CRYPTOSHIM_", "PYTHONWARNINGS"))}
    out.update(extra)
    return out


def run_app(app, *args, python_args=(), **extra):
    result = subprocess.run([sys.executable, *python_args, "app.py", *args], cwd=app,
                            capture_output=True, text=True, env=env(**extra))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


ALL_OK = dict.fromkeys(("X509", "X509Req.get_version", "RC4 (unsafe)",
                        "M2 set_tmp_dh_callback"), "ok")
ALL_RAISE = dict.fromkeys(ALL_OK, "LegacyAPIWarning")
# What the real libraries do under an error filter: only M2Crypto's RC4()
# warns (DeprecationWarning, its own), and that stays with the warnings off.
AS_REAL = dict(ALL_OK, **{"RC4 (unsafe)": "DeprecationWarning"})


@pytest.mark.parametrize("how", ["-W error", "filterwarnings('error') at run time"])
@pytest.mark.parametrize("mode", MODES)
def test_error_filters_under_each_mode(app, mode, how):
    if how == "-W error":
        out = run_app(app, python_args=("-W", "error"), CRYPTOSHIM_WARNINGS=mode)
    else:
        out = run_app(app, "--filter-error-at-runtime", CRYPTOSHIM_WARNINGS=mode)
    # off: the program runs as with the real library; default and error:
    # every legacy call fails (the filter, or the mode, makes it an error).
    assert out["results"] == (AS_REAL if mode == "off" else ALL_RAISE)
    assert out["own"] == "raised"  # the program's own warnings are still errors


def test_telemetry_counts_are_identical_in_every_mode(app):
    counts = {mode: run_app(app, CRYPTOSHIM_WARNINGS=mode)["counts"] for mode in MODES}
    assert counts["default"] == counts["off"] == counts["error"]
    assert counts["off"]["pyopenssl.crypto.X509"] == 1
    assert counts["off"]["m2crypto.RC4.RC4"] == 1


def test_configure_is_the_same_switch_in_process(app):
    out = run_app(app, "--configure", "off", python_args=("-W", "error"))
    assert out["results"] == AS_REAL and out["own"] == "raised"
    out = run_app(app, "--configure", "error")
    assert out["results"] == ALL_RAISE


def test_default_mode_without_filters_only_warns(app):
    out = run_app(app, CRYPTOSHIM_WARNINGS="default")
    assert out["results"] == ALL_OK


def test_error_mode_raises_at_the_callers_line(app):
    code = textwrap.dedent("""\
        import traceback
        from OpenSSL import crypto
        try:
            crypto.X509()
        except Exception as exc:
            frames = traceback.extract_tb(exc.__traceback__)
            print(type(exc).__name__, frames[0].filename, frames[0].lineno)
            print(str(exc))
    """)
    (app / "raiser.py").write_text(code)
    result = subprocess.run([sys.executable, "raiser.py"], cwd=app, capture_output=True,
                            text=True, env=env(CRYPTOSHIM_WARNINGS="error"))
    first, message = result.stdout.splitlines()[:2]
    assert first.split() == ["LegacyAPIWarning", str(app / "raiser.py"), "4"], result.stdout
    assert "OpenSSL.crypto.X509 is a legacy API" in message


@pytest.mark.parametrize("mode", MODES)
def test_strict_refuses_unsafe_operations_in_every_mode(app, mode):
    code = textwrap.dedent("""\
        import cryptoshim
        from cryptoshim.legacy import unsafe_operation
        try:
            unsafe_operation("pyopenssl.rand.add", "a test-only unsafe condition")
            print("returned")
        except cryptoshim.InsecureOperationError:
            print("refused")
    """)
    result = subprocess.run([sys.executable, "-c", code], cwd=app, capture_output=True, text=True,
                            env=env(CRYPTOSHIM_WARNINGS=mode, CRYPTOSHIM_POLICY="strict"))
    assert result.stdout.strip() == "refused", result.stderr


@pytest.mark.parametrize("mode", MODES)
def test_strict_refuses_a_real_unsafe_call_in_every_mode(app, mode):
    code = textwrap.dedent("""\
        import cryptoshim
        import M2Crypto.RC4
        try:
            M2Crypto.RC4.RC4(b"0123456789abcdef")
            print("made")
        except cryptoshim.InsecureOperationError:
            print("refused")
        except cryptoshim.LegacyAPIWarning:
            print("legacy warning raised")
    """)
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", code], cwd=app,
                            capture_output=True, text=True,
                            env=env(CRYPTOSHIM_WARNINGS=mode, CRYPTOSHIM_POLICY="strict"))
    # error mode raises the call's LegacyAPIWarning first; never does it run.
    expected = "legacy warning raised" if mode == "error" else "refused"
    assert result.stdout.strip() == expected, result.stderr


@pytest.mark.parametrize("value", ["bogus", "1", "strict"])
def test_an_invalid_value_fails_at_import(value):
    result = subprocess.run([sys.executable, "-c", "import OpenSSL.crypto"], capture_output=True,
                            text=True, env=env(CRYPTOSHIM_WARNINGS=value))
    assert result.returncode != 0
    assert "CRYPTOSHIM_WARNINGS must be one of default, off, error" in result.stderr
    assert repr(value) in result.stderr


def test_configure_rejects_an_invalid_value():
    with pytest.raises(ValueError, match="warnings must be one of default, off, error"):
        cryptoshim.configure(warnings="loud")
    assert warning_mode.current() in MODES


def test_insecure_warning_stays_visible_and_off_silences_it(app):
    # A UserWarning (see cryptoshim.exceptions for why not a DeprecationWarning):
    # shown under the interpreter's default filters from a module that is
    # not __main__ ...
    assert not issubclass(InsecureLegacyWarning, DeprecationWarning)
    assert issubclass(LegacyAPIWarning, DeprecationWarning)
    code = "import calls; calls.run(calls.setup())"
    shown = subprocess.run([sys.executable, "-c", code], cwd=app, capture_output=True,
                           text=True, env=env())
    assert "InsecureLegacyWarning" in shown.stderr, shown.stderr
    # ... so a suite that errors on warnings but ignores DeprecationWarnings
    # still trips over it, unless the warnings are off.
    loud = run_app(app, python_args=("-W", "error", "-W", "ignore::DeprecationWarning"))
    assert loud["results"]["RC4 (unsafe)"] == "InsecureLegacyWarning"
    quiet = run_app(app, python_args=("-W", "error", "-W", "ignore::DeprecationWarning"),
                    CRYPTOSHIM_WARNINGS="off")
    assert quiet["results"] == ALL_OK and quiet["own"] == "raised"


def test_off_mode_in_process_never_calls_warnings_warn():
    from OpenSSL import crypto
    before = warning_mode.current()
    cryptoshim.configure(warnings="off")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            crypto.X509()
        assert not [w for w in caught if issubclass(w.category, LegacyAPIWarning)]
    finally:
        cryptoshim.configure(warnings=before)


@pytest.mark.parametrize("mode", ["default", "off"])
def test_rc4_emits_exactly_one_deprecation_in_each_mode(mode):
    # M2Crypto 0.51.0's RC4() warns DeprecationWarning itself; its own
    # test_rc4 expects exactly one, which must hold with our warnings off too.
    import M2Crypto.RC4
    before = warning_mode.current()
    cryptoshim.configure(warnings=mode)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            M2Crypto.RC4.RC4(b"key"); line = sys._getframe().f_lineno  # noqa: E702
    finally:
        cryptoshim.configure(warnings=before)
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1 and "RC4" in str(deprecations[0].message)
    assert (deprecations[0].filename, deprecations[0].lineno) == (__file__, line)
    insecure = [w for w in caught if issubclass(w.category, InsecureLegacyWarning)]
    assert len(insecure) == (0 if mode == "off" else 2)
