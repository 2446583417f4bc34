"""A legacy call's warning comes out exactly as warnings.warn's would, call for
call, while the per-site verdict (bindings/core_module/warning_verdict.h)
skips the warnings machinery for the calls it would drop.

Differential: one scenario of filter changes and calls, run in a fresh
interpreter under Python's default filters, once through a legacy entry
point and once through a plain Python function that calls warnings.warn
with the same category at the caller's line. Every warning shown and every
exception raised is printed; the two transcripts must be equal, and must
hold what CPython's rules say (so neither can be empty by accident)."""

import os
import subprocess
import sys
import textwrap

import pytest

# The module whose lines call the API: not __main__, as in a library.
APPMOD = textwrap.dedent("""\
    from M2Crypto import m2
    from cryptoshim import LegacyAPIWarning
    import warnings


    def reference():
        warnings.warn("M2Crypto.m2.bio_s_mem is a legacy API (reference)",
                      LegacyAPIWarning, stacklevel=2)


    api = reference if REFERENCE else m2.bio_s_mem


    def site_a(n):
        for _ in range(n):
            api()


    def site_b(n):
        for _ in range(n):
            api()


    def site_c(n):
        # A module global rebound before each call, as a script's loop
        # variable: the module's globals change between calls.
        global counter
        for counter in range(n):
            api()  # site c
""")

SCENARIO = textwrap.dedent("""\
    import sys, warnings
    sys.path.insert(0, sys.argv[1])
    import builtins
    builtins.REFERENCE = sys.argv[2] == "reference"
    import appmod

    def show(message, category, filename, lineno, file=None, line=None):
        print(f"  shown {category.__name__} {filename.rsplit('/', 1)[-1]}:{lineno}")

    warnings.showwarning = show

    def step(name, fn, n=3):
        print(name)
        for _ in range(n):
            try:
                fn(1)
            except Exception as exc:  # the warning as an error, or a filter's own
                print(f"  raised {type(exc).__name__}")

    step("default filters, library module", appmod.site_a)
    step("default filters, __main__", lambda n: appmod.api())
    warnings.simplefilter("default")
    step("default action", appmod.site_a)
    step("default action, other site", appmod.site_b)
    del appmod.__warningregistry__
    step("registry deleted", appmod.site_a)
    appmod.__warningregistry__.clear()
    step("registry cleared", appmod.site_a)
    step("globals rebound between calls", appmod.site_c)
    appmod.__warningregistry__ = {}
    step("registry replaced", appmod.site_c)
    registry = appmod.__warningregistry__
    del appmod.__warningregistry__
    appmod.__warningregistry__ = registry
    step("the same registry bound again", appmod.site_c)
    warnings.simplefilter("always")
    step("always", appmod.site_a)
    warnings.filterwarnings("error", module="appmod")
    step("error for the module", appmod.site_a)
    step("error, other module", lambda n: appmod.api(), n=2)
    warnings.filterwarnings("ignore", message="M2Crypto.m2.bio_s_mem")
    step("ignored by message", appmod.site_a)
    warnings.resetwarnings()
    warnings.filterwarnings("error", lineno=appmod.site_b.__code__.co_firstlineno + 2)
    step("error on one line: that line", appmod.site_b)
    step("error on one line: another line", appmod.site_a)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        appmod.site_a(3)
        appmod.site_b(3)
    print("caught", len(caught))
    step("after catch_warnings", appmod.site_a)
    warnings.simplefilter("ignore")
    step("ignore", appmod.site_b)
    warnings.simplefilter("module")
    step("module action", appmod.site_a)
    step("module action, other site", appmod.site_b)

    class Raising:  # a pattern whose match() fails: get_filter checks every part
        def match(self, text):
            raise RuntimeError("pattern")

    warnings.resetwarnings()
    warnings.filterwarnings("ignore", module="appmod")
    warnings.filters.insert(0, ("default", None, UserWarning, Raising(), 0))
    warnings._filters_mutated()
    step("a failing module pattern on another category's filter", appmod.site_a)
""")

# What CPython's rules give (warnings.warn), with {a} and {b} the lines of
# site_a's and site_b's calls and {main}, {main2} the scenario's own.
EXPECTED = textwrap.dedent("""\
    default filters, library module
    default filters, __main__
      shown LegacyAPIWarning scenario.py:{main}
    default action
      shown LegacyAPIWarning appmod.py:{a}
    default action, other site
      shown LegacyAPIWarning appmod.py:{b}
    registry deleted
      shown LegacyAPIWarning appmod.py:{a}
    registry cleared
      shown LegacyAPIWarning appmod.py:{a}
    globals rebound between calls
      shown LegacyAPIWarning appmod.py:{c}
    registry replaced
      shown LegacyAPIWarning appmod.py:{c}
    the same registry bound again
    always
      shown LegacyAPIWarning appmod.py:{a}
      shown LegacyAPIWarning appmod.py:{a}
      shown LegacyAPIWarning appmod.py:{a}
    error for the module
      raised LegacyAPIWarning
      raised LegacyAPIWarning
      raised LegacyAPIWarning
    error, other module
      shown LegacyAPIWarning scenario.py:{main2}
      shown LegacyAPIWarning scenario.py:{main2}
    ignored by message
    error on one line: that line
      raised LegacyAPIWarning
      raised LegacyAPIWarning
      raised LegacyAPIWarning
    error on one line: another line
      shown LegacyAPIWarning appmod.py:{a}
    caught 2
    after catch_warnings
      shown LegacyAPIWarning appmod.py:{a}
    ignore
    module action
      shown LegacyAPIWarning appmod.py:{a}
    module action, other site
    a failing module pattern on another category's filter
      raised RuntimeError
      raised RuntimeError
      raised RuntimeError
""")


def run(tmp_path, which: str, appmod: str = APPMOD, scenario: str = SCENARIO) -> str:
    """The transcript of `scenario` over `appmod` in a fresh interpreter;
    `which` is the scenario's argument (which API the module calls)."""
    (tmp_path / "appmod.py").write_text(appmod)
    script = tmp_path / "scenario.py"
    script.write_text(scenario)
    # Python's default filters and cryptoshim's defaults, whatever this run set.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONWARNINGS", "CRYPTOSHIM_WARNINGS", "CRYPTOSHIM_POLICY")
    }
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path), which],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def line_of(text: str, fragment: str, last: bool = False) -> int:
    lines = text.splitlines()
    found = [i + 1 for i, line in enumerate(lines) if line.strip() == fragment]
    return found[-1] if last else found[0]


@pytest.fixture(scope="module")
def transcripts(tmp_path_factory):
    return {which: run(tmp_path_factory.mktemp(which), which) for which in ("reference", "legacy")}


def test_the_reference_follows_cpythons_rules(transcripts):
    expected = EXPECTED.format(
        a=line_of(APPMOD, "api()"),
        b=line_of(APPMOD, "api()", last=True),
        c=line_of(APPMOD, "api()  # site c"),
        main=line_of(SCENARIO, 'step("default filters, __main__", lambda n: appmod.api())'),
        main2=line_of(SCENARIO, 'step("error, other module", lambda n: appmod.api(), n=2)'),
    )
    assert transcripts["reference"] == expected


def test_a_legacy_call_warns_exactly_as_warnings_warn(transcripts):
    assert transcripts["legacy"] == transcripts["reference"]


@pytest.fixture
def default_mode():
    """cryptoshim's default warning mode (warnings.warn under the filters),
    whatever CRYPTOSHIM_WARNINGS this run was started with."""
    from cryptoshim import warning_mode

    before = warning_mode.current()
    warning_mode.set_mode("default")
    yield
    warning_mode.set_mode(before)


class CountingPattern:
    """A filter's message pattern that counts the matches asked of it: each
    is one trip through the warnings machinery's filter scan."""

    def __init__(self):
        self.calls = 0

    def match(self, text):
        self.calls += 1
        return text.startswith("M2Crypto.m2.bio_s_mem")


def test_a_site_ignored_by_a_filter_skips_the_filter_scan_after_its_first_call(default_mode):
    import warnings

    from M2Crypto import m2

    from cryptoshim import LegacyAPIWarning

    pattern = CountingPattern()
    with warnings.catch_warnings():
        warnings.filters.insert(0, ("ignore", pattern, LegacyAPIWarning, None, 0))
        warnings._filters_mutated()
        for _ in range(200):
            m2.bio_s_mem()
    # Once to find the verdict (or twice, if the filters were first seen
    # by this call): never once per call.
    assert 1 <= pattern.calls <= 2


def test_threads_sharing_a_site_while_the_filters_change_count_every_call(default_mode):
    """Verdicts are found (a Python pattern: the GIL can switch mid-scan)
    and replaced by several threads at one call site while the filters
    change under them: every call is counted, none fails."""
    import threading
    import warnings

    from cryptoshim import LegacyAPIWarning, telemetry
    from M2Crypto import m2

    pattern = CountingPattern()
    errors = []

    def calls():
        try:
            for _ in range(2000):
                m2.bio_s_mem()
        except BaseException as exc:
            errors.append(exc)

    telemetry.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pytest's own filters would show them
        threads = [threading.Thread(target=calls) for _ in range(4)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            warnings.filters.insert(0, ("ignore", pattern, LegacyAPIWarning, None, 0))
            warnings._filters_mutated()
            warnings.filters.pop(0)
            warnings._filters_mutated()
        for t in threads:
            t.join()
    assert errors == []
    assert telemetry.snapshot()["apis"]["m2crypto.m2.bio_s_mem"]["calls"] == 8000
